package dev.kart.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every key of every module's reference.conf in the repository, with
 * its default, and no key that none of them declares. A key row is a table row whose first cell is
 * the key's full path in backticks and whose second cell is its default.
 */
class ConfigurationDocTest {
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `(kart(?:\\.[^`|]+)?)` \\| ([^|]*) \\|", Pattern.MULTILINE);

    @Test
    void everyKeyOfEveryReferenceConfIsDocumentedWithItsDefaultAndNothingElseIs() throws IOException {
        Map<String, String> declared = new TreeMap<>();
        Map<String, Path> declaredIn = new TreeMap<>();
        List<Path> files = referenceFiles();
        assertThat(files).as("reference.conf files under " + repository())
                .anySatisfy(file -> assertThat(file).endsWith(Path.of("kart-core/src/main/resources/reference.conf")));
        for (Path file : files) {
            ConfigObject root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve(ConfigResolveOptions.noSystem()).root();
            Map<String, String> keys = new LinkedHashMap<>();
            leaves(root, new ArrayList<>(), keys);
            keys.forEach((key, value) -> {
                declared.put(key, value);
                declaredIn.put(key, repository().relativize(file));
            });
        }

        Map<String, String> documented = new TreeMap<>();
        Matcher row = KEY_ROW.matcher(Files.readString(repository().resolve("docs/configuration.md")));
        while (row.find()) {
            String previous = documented.put(row.group(1), row.group(2).strip());
            assertThat(previous).as("key %s documented twice", row.group(1)).isNull();
        }

        assertThat(documented.keySet()).as("keys documented in docs/configuration.md but declared in no reference.conf")
                .isSubsetOf(declared.keySet());
        for (Map.Entry<String, String> key : declared.entrySet()) {
            assertThat(documented).as("docs/configuration.md has no row for %s (declared in %s)", key.getKey(),
                    declaredIn.get(key.getKey())).containsKey(key.getKey());
            assertThat(documented.get(key.getKey())).as("default of %s in docs/configuration.md (declared in %s)",
                    key.getKey(), declaredIn.get(key.getKey())).isEqualTo("`" + key.getValue() + "`");
        }
    }

    /** Every leaf value, and every empty object (such as {@code kart.tasks {}}), by full path. */
    private static void leaves(ConfigObject object, List<String> path, Map<String, String> out) {
        if (object.isEmpty() && !path.isEmpty()) {
            out.put(ConfigUtil.joinPath(path), "{}");
        }
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            List<String> child = new ArrayList<>(path);
            child.add(entry.getKey());
            if (entry.getValue() instanceof ConfigObject nested) {
                leaves(nested, child, out);
            } else {
                String rendered = entry.getValue().render(ConfigRenderOptions.concise());
                // Plain strings are shown without quotes, unless empty: `resources`, `""`.
                out.put(ConfigUtil.joinPath(child), rendered.matches("\"[^\"]+\"") ? rendered.substring(1, rendered.length() - 1)
                        : rendered);
            }
        }
    }

    private static List<Path> referenceFiles() throws IOException {
        try (Stream<Path> modules = Files.list(repository())) {
            return modules.map(module -> module.resolve("src/main/resources/reference.conf")).filter(Files::isRegularFile)
                    .sorted().toList();
        }
    }

    static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("docs/configuration.md")) ? here : here.getParent();
    }
}
