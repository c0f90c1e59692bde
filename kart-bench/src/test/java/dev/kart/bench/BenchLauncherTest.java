package dev.kart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the launcher as bench/run does, in a real JVM that starts one JVM per scenario. */
@Timeout(300)
class BenchLauncherTest {
    @TempDir
    Path output;

    private record Run(int exitCode, List<String> stdout, String stderr) {
    }

    private Run launch(String... scenarios) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BenchLauncher.class.getName()));
        command.addAll(List.of(scenarios));
        Path out = output.resolve("stdout");
        Path err = output.resolve("stderr");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not end; stderr:\n" + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    @Test
    void printsExactlyOneResultLinePerScenarioInOrder() throws Exception {
        Run run = launch("tiny-dag-warm", "tiny-two-nodes-defer");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).hasSize(2);
        assertThat(run.stdout().get(0)).startsWith("RESULT scenario=tiny-dag-warm tasks=31 ");
        assertThat(run.stdout().get(1)).startsWith("RESULT scenario=tiny-two-nodes-defer tasks=6 executions=6 ");
    }

    @Test
    void appliesEachScenariosJvmOptionsToItsOwnJvm() throws Exception {
        Run run = launch("tiny-dag-heap");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).singleElement().satisfies(line -> assertThat(line).contains(" xmx_mb=256 "));
    }

    @Test
    void aFailingScenarioGetsAFailedLineAndTheOthersStillRun() throws Exception {
        Run run = launch("tiny-fails", "tiny-dag-warm");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).hasSize(2);
        assertThat(run.stdout().get(0)).isEqualTo("RESULT scenario=tiny-fails status=failed exit_code=1");
        assertThat(run.stdout().get(1)).startsWith("RESULT scenario=tiny-dag-warm ");
        assertThat(run.stderr()).contains("this scenario always fails");
    }

    @Test
    void anUnknownNameStopsTheRunBeforeAnyScenarioAndListsTheKnownOnes() throws Exception {
        Run run = launch("tiny-dag-warm", "dag-cold-1k");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("unknown scenario 'dag-cold-1k'").contains("dag-cold-10k ")
                .contains("two-nodes-defer ");
    }
}
