package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about a key of kart's that a reference.conf other than kart's own sets, such as a task jar's
 * {@code kart.workspace = /data}, where kart's own reference.conf sets it too. Typesafe Config merges the
 * reference.conf files in class path order, the first one's value winning, and kart's own come first (a
 * task jar's class loader asks its parent first), so such a value is never read; by Typesafe Config's
 * convention a library's reference.conf holds the defaults of that library's own keys, and an application
 * sets another library's in application.conf. The value is not made to win: which of two libraries'
 * defaults for one key would win depends on the class path's order. A key kart's reference.conf does not
 * set, such as a task section's {@code kart.tasks."com.acme.Report".top}, is read, and nothing is said.
 */
final class UnreadReferenceKeys {
    private static final Logger LOG = LoggerFactory.getLogger("dev.kart.config");
    private static final String REFERENCE = "reference.conf";
    private static final String KART = "kart";

    private UnreadReferenceKeys() {
    }

    /**
     * @param classLoader the tasks' class loader, where the reference.conf files are found
     * @param reference the reference.conf files of {@code classLoader} merged, unresolved, as the
     *     configuration is assembled with them
     * @return one warning per key of kart's that a reference.conf other than kart's own sets and that
     *     another reference.conf sets first, naming the file, the line and where to set it instead; also
     *     logged at WARN
     */
    static List<String> warn(ClassLoader classLoader, Config reference) {
        List<String> warnings = new ArrayList<>();
        if (classLoader == UnreadReferenceKeys.class.getClassLoader()) {
            // kart's own class loader: every reference.conf on it is a default of kart's, and nothing is parsed again
            return warnings;
        }
        Enumeration<URL> files;
        try {
            files = classLoader.getResources(REFERENCE);
        } catch (IOException e) {
            // the assembly lists them again and names what it cannot read
            return warnings;
        }
        while (files.hasMoreElements()) {
            URL file = files.nextElement();
            String url = file.toExternalForm();
            if (!ConfigOrigins.isKartsOwnReference(url)) {
                try {
                    ConfigValue kart = ConfigFactory.parseURL(file).root().get(KART);
                    if (kart != null) {
                        List<FileOrder.KeyMessage> messages = new ArrayList<>();
                        unread(List.of(KART), kart, url, reference.root(), messages);
                        // each file's in its lines' order, the files in the class path's
                        for (String warning : FileOrder.sorted(messages)) {
                            LOG.warn(warning);
                            warnings.add(warning);
                        }
                    }
                } catch (ConfigException e) {
                    // a file that cannot be read or parsed: the assembly meets it again and names it; the others are looked at
                }
            }
        }
        return warnings;
    }

    /** Walks a value of the file down to its leaves and warns about each one whose merged value came from elsewhere. */
    private static void unread(List<String> path, ConfigValue value, String url, ConfigObject merged,
            List<FileOrder.KeyMessage> warnings) {
        if (path.size() == 2 && path.get(1).equals("tasks")) {
            // the sections of tasks, which are a task jar's own to give defaults to, and which kart's file leaves empty
            return;
        }
        if (value instanceof ConfigObject object) {
            try {
                // in any order: the warnings are put in the file's order once all are found
                for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
                    List<String> child = new ArrayList<>(path);
                    child.add(entry.getKey());
                    unread(child, entry.getValue(), url, merged, warnings);
                }
                return;
            } catch (ConfigException.NotResolved e) {
                // an object merged with a substitution is a value of its own until resolved
            }
        }
        ConfigValue read = at(merged, path);
        ConfigOrigin origin = read == null ? null : read.origin();
        if (origin == null || (origin.url() != null && origin.url().toExternalForm().equals(url)) || same(read, value)) {
            // the file's own value is read, or the value read is the same: a jar that bundles kart's own
            // reference.conf (a task jar with kart's modules shaded in) changes nothing and is not warned about
            return;
        }
        String key = ConfigUtil.joinPath(path);
        String warning = "config key '" + key + "' (" + ConfigOrigins.origin(value) + ") is not read: "
                + (ConfigOrigins.isDefault(origin) && (origin.url() == null
                        || ConfigOrigins.isKartsOwnReference(origin.url().toExternalForm())) ? "kart's own reference.conf"
                        : ConfigOrigins.origin(origin)) + " sets it first, and a reference.conf holds the defaults of its own"
                + " library's keys only; set it in application.conf (in the tasks' jar, or a directory given with"
                + " --classpath), a --config file or with -D";
        warnings.add(new FileOrder.KeyMessage(ConfigOrigins.leaf(value).origin(), key, warning));
    }

    private static boolean same(ConfigValue read, ConfigValue value) {
        return read.render(ConfigRenderOptions.concise()).equals(value.render(ConfigRenderOptions.concise()));
    }

    /** The merged value at a path, walked key by key: a null value is one, which Config.getValue would not give. */
    private static ConfigValue at(ConfigObject root, List<String> path) {
        ConfigValue value = root;
        for (String key : path) {
            if (!(value instanceof ConfigObject object)) {
                return value;
            }
            try {
                value = object.get(key);
            } catch (ConfigException.NotResolved e) {
                return value;
            }
            if (value == null) {
                return null;
            }
        }
        return value;
    }
}
