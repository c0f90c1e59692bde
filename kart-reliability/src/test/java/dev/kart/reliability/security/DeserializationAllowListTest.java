package dev.kart.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.reliability.fixtures.KartJar;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.bad.Consume;
import dev.kart.reliability.fixtures.bad.Outputs;
import dev.kart.reliability.fixtures.security.Gadget;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java deserialization happens only through the allow-list filter ({@code kart.formats.java.allow}).
 * Someone with write access to the workspace plants a {@code .ser} cache file carrying a gadget-like
 * class (its {@code readObject} writes a file); a dependent task then loads it through the runnable
 * jar. kart refuses it by name before instantiating it: the gadget's file never appears, the task
 * fails with exit code 1 naming the class and the setting, and the planted file is left as it is.
 * The control: with the gadget's package added to the allow-list, the same load does run the gadget,
 * so the test would see an instantiation if the filter let one through.
 */
class DeserializationAllowListTest {
    @TempDir
    Path directory;

    @Test
    void aPlantedGadgetIsRefusedByNameAndNeverInstantiated() throws Exception {
        Path workspace = directory.resolve("workspace");
        Path marker = directory.resolve("gadget-ran");
        Path planted;
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.lock.backend", "in-memory").build()) {
            planted = Path.of(kart.outputs(Outputs.producer("ser")).get(0).uri());
        }
        Files.createDirectories(planted.getParent());
        try (OutputStream file = Files.newOutputStream(planted); ObjectOutputStream out = new ObjectOutputStream(file)) {
            out.writeObject(new ArrayList<>(List.of("harmless", new Gadget(marker.toString()))));
        }
        String plantedHash = WorkspaceFiles.sha256(planted);

        KartJar.Result refused = KartJar.run(directory, Map.of(), List.of(), List.of("run", Consume.class.getName(),
                "--extension=ser", "--workspace", "workspace", "--classpath", KartJar.testClasses().toString()));
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
        assertThat(refused.out()).as("%s", refused).contains("refused to deserialize class " + Gadget.class.getName(),
                "kart.formats.java.allow", planted.toString(), "The file was left as it is");
        assertThat(marker).as("the file the gadget writes when it is deserialized").doesNotExist();
        assertThat(WorkspaceFiles.sha256(planted)).as("the planted file").isEqualTo(plantedHash);

        Path allowing = Files.writeString(directory.resolve("allow-gadget.conf"), "kart.formats.java.allow = [\"java.lang.*\","
                + " \"java.util.*\", \"" + Gadget.class.getPackageName() + ".*\"]\n");
        KartJar.Result allowed = KartJar.run(directory, Map.of(), List.of(), List.of("run", Consume.class.getName(),
                "--extension=ser", "--workspace", "workspace", "--config", allowing.toString(),
                "--classpath", KartJar.testClasses().toString()));
        assertThat(allowed.exitCode()).as("with the gadget allowed: %s", allowed).isZero();
        assertThat(marker).as("the gadget's file, once its class is allowed").exists();
    }
}
