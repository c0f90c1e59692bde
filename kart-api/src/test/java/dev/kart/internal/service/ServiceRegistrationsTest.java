package dev.kart.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRegistrationsTest {
    private static final String FILE = "META-INF/services/" + Plugin.class.getName();
    private static final String EXPECTED = "; fix or remove that line (expected public classes implementing "
            + Plugin.class.getName() + " with a public constructor without arguments)";

    @TempDir
    Path directory;

    /** An SPI of the test's own, so that no other registration on the test class path is found. */
    public interface Plugin {
    }

    /** A jar's implementation. */
    public static final class Upper implements Plugin {
    }

    /** Another. */
    public static final class Lower implements Plugin {
    }

    /** Not an implementation. */
    public static final class NotAPlugin {
    }

    /** No constructor without arguments. */
    public static final class NeedsArgument implements Plugin {
        /** @param name anything */
        public NeedsArgument(String name) {
        }
    }

    /** Fails in its constructor. */
    public static final class Failing implements Plugin {
        /** Always throws. */
        public Failing() {
            throw new IllegalStateException("no licence key");
        }
    }

    @Test
    void loadsEveryRegisteredImplementationInTheFilesOrder() throws IOException {
        List<Plugin> plugins = ServiceRegistrations.load(Plugin.class,
                registering(Upper.class.getName(), Lower.class.getName()));

        assertThat(plugins).hasSize(2);
        assertThat(plugins.get(0)).isInstanceOf(Upper.class);
        assertThat(plugins.get(1)).isInstanceOf(Lower.class);
    }

    @Test
    void aMissingClassIsOneMessageNamingTheServicesFileAndTheClass() throws IOException {
        assertThatThrownBy(() -> ServiceRegistrations.load(Plugin.class, registering("acme.NoSuchPlugin")))
                .isInstanceOf(KartConfigException.class)
                .hasMessage(FILE + " on the class path registers a class kart cannot use: Provider acme.NoSuchPlugin not found"
                        + EXPECTED);
    }

    @Test
    void aClassThatIsNoImplementationIsNamed() throws IOException {
        assertThatThrownBy(() -> ServiceRegistrations.load(Plugin.class, registering(NotAPlugin.class.getName())))
                .isInstanceOf(KartConfigException.class)
                .hasMessage(FILE + " on the class path registers a class kart cannot use: " + NotAPlugin.class.getName()
                        + " not a subtype" + EXPECTED);
    }

    @Test
    void aClassWithoutAConstructorWithoutArgumentsIsNamed() throws IOException {
        assertThatThrownBy(() -> ServiceRegistrations.load(Plugin.class, registering(NeedsArgument.class.getName())))
                .isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith(FILE + " on the class path registers a class kart cannot use: ")
                .hasMessageContaining(NeedsArgument.class.getName()).hasMessageContaining("no-arg constructor")
                .hasMessageEndingWith(EXPECTED);
    }

    @Test
    void aConstructorsFailureIsNamedWithItsCause() throws IOException {
        assertThatThrownBy(() -> ServiceRegistrations.load(Plugin.class, registering(Failing.class.getName())))
                .isInstanceOf(KartConfigException.class)
                .hasMessage(FILE + " on the class path registers a class kart cannot use: Provider " + Failing.class.getName()
                        + " could not be instantiated (IllegalStateException: no licence key)" + EXPECTED);
    }

    private ClassLoader registering(String... classNames) throws IOException {
        Path services = directory.resolve(FILE);
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {directory.toUri().toURL()}, getClass().getClassLoader());
    }
}
