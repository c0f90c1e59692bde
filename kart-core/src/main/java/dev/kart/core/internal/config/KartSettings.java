package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.storage.PathOccupant;
import dev.kart.core.internal.storage.WorkspaceText;
import dev.kart.task.CollisionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The runtime settings under {@code kart}, read and checked once at start. Immutable.
 *
 * @param workspace the workspace: {@code file:} URI of an absolute directory for a plain path or a
 *     {@code file:} URI, else the URI as given ({@code s3://bucket/prefix}), its scheme picking the
 *     storage provider
 * @param workers worker threads per build
 * @param durable whether publishing fsyncs file and directory
 * @param retryCount default retries after a failure
 * @param retryDelay default delay before a retry, with its text as written for messages
 * @param taskInfo whether task info files are written
 * @param javaAllowList ObjectInputFilter patterns for {@code .ser} files
 * @param onCollision default run-lock collision policy
 * @param waitTimeout how long the wait policy blocks, with its text as written for messages
 * @param cacheWaitTimeout how long a cache-lock acquisition waits, with its text as written for messages
 * @param taskTimeout how long one attempt's {@code run()} may take before it is interrupted; empty
 *     for no limit ({@code kart.task-timeout = null})
 * @param interruptGrace how long an interrupted build waits for its running tasks to stop, with its text as
 *     written for messages
 * @param spreadTaskOrder whether ready tasks are started in this node's own order
 *     ({@code kart.task-order.mode = spread}) rather than in the order they became ready ({@code graph})
 * @param taskOrderSeed the seed of that order; empty means this node's identity
 * @param lockRunAll whether every task's {@code run()} takes its run lock, as if each were annotated
 *     {@code @RunWithLock} ({@code kart.lock.run-all}); a task's {@code lock-run} setting still wins
 * @param completeRecheckAfter how old the graph walk's "not complete" answer may be before a task's
 *     completeness is asked again right before it runs ({@code kart.complete-recheck-after}); zero asks always
 * @param completeCheckThreads how many threads, the walking one among them, may check at once whether the
 *     outputs of a wide fan-in exist ({@code kart.complete-check-threads}); 0 for as many as the machine
 *     has processors, 1 to check them one by one
 * @param loadThreads how many threads read the files of {@code ctx.loadAll} calls ({@code kart.load-threads}): each
 *     calling task's own, and a pool of this many less one shared by the runtime's workers; 0 for as many as the
 *     machine has processors on a local workspace and {@link #OBJECT_STORE_LOAD_THREADS} on any other store (S3), 1
 *     to read them one by one
 */
public record KartSettings(URI workspace, int workers, boolean durable, int retryCount, DurationSetting retryDelay,
        boolean taskInfo, List<String> javaAllowList, CollisionPolicy onCollision, DurationSetting waitTimeout,
        DurationSetting cacheWaitTimeout, Optional<TaskTimeout> taskTimeout, DurationSetting interruptGrace, boolean spreadTaskOrder,
        Optional<String> taskOrderSeed, boolean lockRunAll, Duration completeRecheckAfter,
        int completeCheckThreads, int loadThreads) {

    /**
     * The threads {@code kart.load-threads = 0} means on a workspace that is no local directory (an object store): each
     * read is a round trip of milliseconds, and this many overlap most of their waits within half of kart-storage-s3's
     * default pool of 32 connections.
     */
    public static final int OBJECT_STORE_LOAD_THREADS = 16;

    /**
     * The most threads {@code kart.complete-check-threads} may ask for: far more than overlap the
     * round trips of a network file system usefully, and few enough that no value makes the JVM
     * run out of threads.
     */
    public static final int MAX_COMPLETE_CHECK_THREADS = 256;

    /** The most threads {@code kart.load-threads} may ask for, for the same reasons. */
    public static final int MAX_LOAD_THREADS = 256;

    /**
     * The most worker threads {@code kart.workers} may ask for: the pool starts them all at once, and
     * a value far above what a machine runs ends the JVM out of threads instead of failing at start.
     */
    public static final int MAX_WORKERS = 1024;

    /** Copies the list. */
    public KartSettings {
        javaAllowList = List.copyOf(javaAllowList);
    }

    /**
     * @param config the loaded configuration
     * @return its settings
     * @throws KartConfigException naming the first key with a wrong type or value
     */
    public static KartSettings from(Config config) {
        return new KartSettings(
                workspace(config),
                Settings.intBetween(config, "kart.workers", 1, MAX_WORKERS),
                Settings.read(config, "kart.durable", () -> config.getBoolean("kart.durable")),
                Settings.intAtLeast(config, "kart.retry.count", 0),
                DurationSetting.read(config, "kart.retry.delay"),
                Settings.read(config, "kart.task-info.enabled", () -> config.getBoolean("kart.task-info.enabled")),
                Settings.strings(config, "kart.formats.java.allow"),
                collisionPolicy(config, "kart.lock"),
                DurationSetting.read(config, "kart.lock.wait-timeout"),
                DurationSetting.read(config, "kart.lock.cache-wait-timeout"),
                TaskTimeout.read(config, "kart.task-timeout"),
                DurationSetting.read(config, "kart.interrupt-grace"),
                spreadTaskOrder(config),
                taskOrderSeed(config),
                Settings.read(config, "kart.lock.run-all", () -> config.getBoolean("kart.lock.run-all")),
                Settings.positiveDuration(config, "kart.complete-recheck-after", true),
                Settings.intBetween(config, "kart.complete-check-threads", 0, MAX_COMPLETE_CHECK_THREADS),
                Settings.intBetween(config, "kart.load-threads", 0, MAX_LOAD_THREADS));
    }

    private static boolean spreadTaskOrder(Config config) {
        String path = "kart.task-order.mode";
        String mode = Settings.read(config, path, () -> config.getString(path));
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "spread" -> true;
            case "graph" -> false;
            default -> throw ConfigValueError.of(config, path, "is " + ConfigValueError.quoted(mode) + ", expected "
                    + KeyExpectations.TASK_ORDER_MODE);
        };
    }

    private static Optional<String> taskOrderSeed(Config config) {
        String path = "kart.task-order.seed";
        if (!config.hasPath(path)) {
            return Optional.empty();
        }
        String seed = Settings.read(config, path, () -> config.getString(path));
        if (seed.isBlank()) {
            throw ConfigValueError.of(config, path, "is " + (seed.isEmpty() ? "empty" : "blank")
                    + ", expected " + KeyExpectations.TASK_ORDER_SEED);
        }
        return Optional.of(seed);
    }

    /**
     * The collision policy a section sets: {@code fail-on-collision} when it is set (true = fail,
     * false = wait), else {@code on-collision}.
     *
     * @param config the configuration
     * @param section {@code kart.lock} or a task's section
     * @return the policy
     */
    static CollisionPolicy collisionPolicy(Config config, String section) {
        String alias = section + ".fail-on-collision";
        if (config.hasPath(alias)) {
            boolean fail = Settings.read(config, alias, () -> config.getBoolean(alias));
            return fail ? CollisionPolicy.FAIL : CollisionPolicy.WAIT;
        }
        return Settings.policy(config, section + ".on-collision");
    }

    private static URI workspace(Config config) {
        String text = Settings.read(config, "kart.workspace", () -> config.getString("kart.workspace"));
        if (text.isBlank()) {
            // Path.of("") is the working directory: a variable set but empty (KART_WORKSPACE=) would fill it
            throw ConfigValueError.of(config, "kart.workspace", "is " + (text.isEmpty() ? "empty" : "blank ('" + text
                    + "')") + ", expected " + KeyExpectations.WORKSPACE);
        }
        String pathText = text;
        if (URI_SCHEME.matcher(text).lookingAt()) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                if (text.equalsIgnoreCase("s3://") || text.equalsIgnoreCase("file://")) {
                    // Java's "Expected authority at index 5" names no part a user wrote
                    throw ConfigValueError.of(config, "kart.workspace", "is '" + text + "', which names nothing after "
                            + text + "; expected " + (text.equalsIgnoreCase("s3://") ? "s3://bucket/prefix"
                            : "file:///absolute/path"));
                }
                // no cause: the parser's message quotes the text, user information and all
                throw ConfigValueError.of(config, "kart.workspace", "kart.workspace", "is '" + WorkspaceText.redacted(text)
                        + "', which is not a valid URI: " + WorkspaceText.redactedIn(e.getMessage(), text)
                        + (text.contains(" ") ? " (a space in a URI is written %20)" : ""), null);
            }
            if (!"file".equalsIgnoreCase(uri.getScheme())) {
                return uri;
            }
            try {
                pathText = uri.isOpaque() ? uri.getSchemeSpecificPart() : Path.of(uri).toString();
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw ConfigValueError.of(config, "kart.workspace", "kart.workspace", "is '" + WorkspaceText.redacted(text)
                        + "', which names no local directory: " + WorkspaceText.redactedIn(e.getMessage(), text), null);
            }
        }
        Path path;
        try {
            path = Path.of(pathText).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw ConfigValueError.of(config, "kart.workspace", "kart.workspace", "is '" + text + "', which is not a valid"
                    + " path", e);
        }
        if (path.getParent() == null) {
            // a build writes a folder per task package beside everything else there (/dev, /log, /com), and clean
            // --delete would walk the whole file system
            throw ConfigValueError.of(config, "kart.workspace", "is '" + text + "', the file system's root " + path
                    + ": expected a directory of the workspace's own, such as " + path.resolve("srv").resolve("kart-workspace"));
        }
        if (Files.isRegularFile(path)) {
            throw ConfigValueError.of(config, "kart.workspace", "is '" + text + "', but " + path + " is a file, expected a"
                    + " directory (or a path where kart may create one)");
        }
        // something other than a directory at the path (a FIFO, a device), or under a file or a link to nothing where
        // kart would create it: every write of the build would fail on it
        Optional<String> inTheWay;
        try {
            inTheWay = PathOccupant.ofDirectory(path);
        } catch (IOException e) {
            // the file system cannot be asked here: the build's first write says what is wrong, naming the file
            inTheWay = Optional.empty();
        }
        if (inTheWay.isPresent()) {
            throw ConfigValueError.of(config, "kart.workspace", "is '" + text + "', but " + inTheWay.get() + ", so no"
                    + " directory can be made there; expected a directory (or a path where kart may create one): "
                    + remedy(inTheWay.get()) + ", or set kart.workspace to another path");
        }
        return path.toUri();
    }

    /**
     * @param occupant what {@link PathOccupant#ofDirectory} found in the workspace's way
     * @return what makes the path usable: a link's missing end made (an unmounted share mounted), a loop
     *     of links broken, or the thing moved away; never deleting what a link leads to
     */
    private static String remedy(String occupant) {
        if (occupant.startsWith(PathOccupant.LOOP)) {
            return "point one of those links at a directory";
        }
        if (occupant.startsWith(PathOccupant.DANGLING)) {
            return "create or mount the directory the link leads to";
        }
        return "move what stands there away";
    }

    /**
     * A URI's scheme, at least two characters: {@code C:\\ws} is a Windows path, not a URI.
     */
    private static final java.util.regex.Pattern URI_SCHEME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");
}
