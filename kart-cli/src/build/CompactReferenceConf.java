import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the reference.conf of kart's runnable jar (run by kart-cli's build, before the jar is made, as
 * a single source file on the module's runtime class path): every reference.conf on that class path,
 * merged as Typesafe Config merges them, in its concise form. The modules' files are documentation as
 * much as defaults (every key with its comment), about 21 KB together; parsing them is a few percent of
 * a cached {@code kart run}, and the concise form, about 1.5 KB of the same keys, values and
 * substitutions ({@code ${?KART_WORKSPACE}}), parses in a fraction of that. The modules' own jars keep
 * their commented files.
 *
 * <p>Usage: {@code java -cp CLASSPATH CompactReferenceConf.java OUTPUT}. Fails, writing nothing, when
 * the concise form would resolve to anything other than the merged files do.
 */
public final class CompactReferenceConf {
    private CompactReferenceConf() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompactReferenceConf OUTPUT (the reference.conf to write)");
        }
        Path output = Path.of(args[0]);
        Config merged = ConfigFactory.parseResources(CompactReferenceConf.class.getClassLoader(), "reference.conf");
        if (merged.isEmpty()) {
            throw new IllegalStateException("no reference.conf on the class path");
        }
        String concise = merged.root().render(ConfigRenderOptions.concise()) + "\n";
        // substitutions stay as they are written (resolved when kart loads its configuration), so the
        // check resolves both with this environment: any difference is the rendering's
        if (!ConfigFactory.parseString(concise).resolve().equals(merged.resolve())) {
            throw new IllegalStateException("the concise reference.conf would resolve otherwise than the merged files");
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, concise, StandardCharsets.UTF_8);
    }
}
