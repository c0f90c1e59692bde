package dev.kart.core.internal.storage;

import com.typesafe.config.Config;
import dev.kart.KartException;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.config.ConfigValueError;
import dev.kart.core.internal.config.TypesafeConfigSection;
import dev.kart.internal.service.ServiceRegistrations;
import dev.kart.storage.StorageProvider;
import dev.kart.storage.WorkspaceStorage;
import java.io.IOException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@link StorageProvider}s with {@link ServiceLoader} and opens the workspace
 * {@code kart.workspace} names with the one serving its scheme, handing it its section
 * {@code kart.storage.<scheme>}.
 */
public final class WorkspaceStorages {
    private static final String KEY = "kart.workspace";
    private static final String SECTION = "kart.storage";
    /** A value that starts like a URI whose ':' was left out: {@code s3//bucket/prefix}. */
    private static final Pattern MISSING_COLON = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)//");

    private WorkspaceStorages() {
    }

    /**
     * @param classLoader where providers are looked up
     * @return every provider found, by scheme
     */
    public static List<StorageProvider> providers(ClassLoader classLoader) {
        return ServiceRegistrations.load(StorageProvider.class, classLoader).stream()
                .sorted(Comparator.comparing(StorageProvider::scheme)).toList();
    }

    /**
     * @param config the loaded configuration, for its {@code kart.storage.<scheme>} section and for messages
     * @param location the workspace, as {@code KartSettings.workspace()} holds it
     * @param classLoader where providers are looked up
     * @return the open storage; the caller closes it
     * @throws KartConfigException when no provider serves the scheme, the value is a provider's URI
     *     without its ':' (such as {@code s3//bucket/prefix}), or the provider refuses a setting
     * @throws KartException when the store refuses access or cannot be reached (the cause is then a
     *     {@link dev.kart.storage.StorageUnreachableException})
     */
    public static WorkspaceStorage open(Config config, URI location, ClassLoader classLoader) {
        String scheme = location.getScheme().toLowerCase(Locale.ROOT);
        List<StorageProvider> providers = providers(classLoader);
        StorageProvider provider = providers.stream().filter(p -> p.scheme().equals(scheme)).findFirst()
                .orElseThrow(() -> ConfigValueError.of(config, KEY, "is '" + WorkspaceText.redacted(config.getString(KEY))
                        + "', but no storage provider for the scheme '" + scheme + "' is on the class path; schemes found: "
                        + String.join(", ", providers.stream().map(StorageProvider::scheme).toList())
                        + ". A storage is a module that provides " + StorageProvider.class.getName()
                        + " (s3:// comes with the module kart-storage-s3)"));
        if (provider.scheme().equals(LocalFileStorageProvider.SCHEME)) {
            refuseMissingColon(config, providers);
            refuseUnexpandedTilde(config);
        }
        try {
            return provider.open(location, TypesafeConfigSection.of(config, SECTION + "." + scheme));
        } catch (IOException e) {
            String shown = location.toString();
            throw new KartException("cannot open the workspace " + WorkspaceText.redacted(shown) + ": "
                    + WorkspaceText.redactedIn(e.getMessage(), shown), e);
        }
    }

    /**
     * {@code ~/x}, {@code ~user/x} or {@code file:~/x} is a home directory only where a shell expands it, at the start of a word:
     * not after {@code --workspace=} or {@code -D kart.workspace=}, nor in a config file. Taken as it is, it would
     * make a directory named {@code ~} in the working directory. {@code ./~/x} still names that directory.
     */
    private static void refuseUnexpandedTilde(Config config) {
        if (!config.hasPath(KEY)) {
            return;
        }
        String text = config.getString(KEY).trim();
        // file:~/x is the same path as a URI
        String path = text.regionMatches(true, 0, "file:", 0, "file:".length()) ? text.substring("file:".length()) : text;
        if (!path.startsWith("~")) {
            return;
        }
        int slash = path.indexOf('/');
        String tilde = slash < 0 ? path : path.substring(0, slash);
        String rest = slash < 0 ? "" : path.substring(slash);
        String meant = tilde.equals("~") ? "$HOME" + rest
                : tilde.substring(1) + "'s home directory" + (rest.isEmpty() ? "" : ", then " + rest);
        throw ConfigValueError.of(config, KEY, "is '" + text + "', and no shell expanded its '~': a shell does so only at"
                + " the start of a word, not after '=' (--workspace=~/x) nor in a config file. Write the directory"
                + " itself (" + meant + "), or ./" + path + " to mean a directory named '" + tilde + "' here");
    }

    /**
     * {@code s3//bucket/p} is a valid relative path, so it would silently become the local directory
     * {@code ./s3/bucket/p}; when its first word is a scheme some provider serves, it is far more
     * likely a URI whose ':' was forgotten. {@code ./s3//bucket/p} still names that directory.
     */
    private static void refuseMissingColon(Config config, List<StorageProvider> providers) {
        if (!config.hasPath(KEY)) {
            return;
        }
        String text = config.getString(KEY).trim();
        Matcher start = MISSING_COLON.matcher(text);
        if (!start.lookingAt()) {
            return;
        }
        String scheme = start.group(1).toLowerCase(Locale.ROOT);
        if (providers.stream().noneMatch(p -> p.scheme().equals(scheme))) {
            return;
        }
        String meant = WorkspaceText.redacted(start.group(1) + ":" + text.substring(start.group(1).length()));
        throw ConfigValueError.of(config, KEY, "is '" + WorkspaceText.redacted(text) + "', which looks like an " + scheme
                + ":// URI missing its ':' and would be taken as a local directory; write " + meant
                + ", or ./" + WorkspaceText.redacted(text) + " to mean that directory");
    }
}
