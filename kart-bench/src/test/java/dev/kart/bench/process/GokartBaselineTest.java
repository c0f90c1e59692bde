package dev.kart.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GokartBaselineTest {
    @TempDir
    Path directory;

    @AfterEach
    void clearProperties() {
        System.clearProperty(GokartBaseline.PYTHON_PROPERTY);
        System.clearProperty(GokartBaseline.PATH_PROPERTY);
    }

    @Test
    void withoutAPythonThereIsNoBaseline() {
        assertThat(GokartBaseline.configured()).isEmpty();
    }

    @Test
    void aPythonThatIsNoExecutableFileIsRefusedByItsProperty() {
        System.setProperty(GokartBaseline.PYTHON_PROPERTY, directory.resolve("python3").toString());

        assertThatThrownBy(GokartBaseline::configured)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dkart.bench.gokart.python=" + directory.resolve("python3") + " is not an executable file;"
                        + " expected the path of a python that can import gokart, such as /usr/bin/python3");
    }

    @Test
    void theNodesRunTheScriptWithTheRoundsSettingsUnderTheGivenPythonPath() throws Exception {
        Path python = Files.createFile(directory.resolve("python3"));
        assertThat(python.toFile().setExecutable(true)).isTrue();
        System.setProperty(GokartBaseline.PYTHON_PROPERTY, python.toString());
        System.setProperty(GokartBaseline.PATH_PROPERTY, "/opt/gokart-py");
        GokartBaseline gokart = GokartBaseline.configured().orElseThrow();

        Path script = gokart.writeContentionScript(directory);

        assertThat(script).hasFileName("contended_sum.py");
        assertThat(Files.readString(script)).contains("should_lock_run=True", "gokart.build(root, workers=1)",
                GokartBaseline.SUCCEEDED);
        assertThat(gokart.contentionCommand(script, 40, 250, "127.0.0.1", 6400, Path.of("/w"), Path.of("/w/node-0.log")))
                .isEqualTo(List.of(python.toString(), script.toString(), "--tasks", "40", "--sleep-ms", "250",
                        "--redis-host", "127.0.0.1", "--redis-port", "6400", "--workspace", "/w",
                        "--execution-log", "/w/node-0.log"));
        assertThat(gokart.importCommand()).isEqualTo(List.of(python.toString(), "-c", "import gokart"));
        assertThat(gokart.environment()).containsEntry("PYTHONPATH", "/opt/gokart-py");
    }

    @Test
    void withoutAPathThePythonPathOfTheBenchIsNotPassedOn() throws Exception {
        Path python = Files.createFile(directory.resolve("python3"));
        assertThat(python.toFile().setExecutable(true)).isTrue();
        System.setProperty(GokartBaseline.PYTHON_PROPERTY, python.toString());

        assertThat(GokartBaseline.configured().orElseThrow().environment()).containsEntry("PYTHONPATH", null);
    }
}
