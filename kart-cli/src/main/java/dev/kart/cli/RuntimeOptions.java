package dev.kart.cli;

import static dev.kart.cli.CommandModel.flag;
import static dev.kart.cli.CommandModel.option;

import dev.kart.config.KartConfigException;
import dev.kart.core.internal.inject.RuntimeAssembly;
import dev.kart.core.internal.inject.RuntimeSpec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options every command shares: where tasks and configuration come from, the workspace, and
 * the lock backend. Command-line values win over {@code --config}, which wins over
 * {@code application.conf} on the class path, which wins over the modules' {@code reference.conf}.
 */
final class RuntimeOptions {
    /** How the Redis backend's error begins when no host is configured (kart-lock-redis's ServerAddress). */
    private static final String EMPTY_REDIS_HOST = "config key 'kart.lock.redis.host' is empty";

    private String classpath;
    private Path configFile;
    // text, not a Path: a URI such as s3://bucket/prefix would lose its double slash as a Path
    private String workspace;
    private String lockBackend;
    private String redisHost;
    private Integer redisPort;
    private Map<String, String> settings = new LinkedHashMap<>();
    private boolean verbose;
    private boolean localScheduler;

    private ClassLoader classLoader;

    /** @return these options as picocli's mixin, bound to this object's fields; for one command */
    CommandSpec mixin() {
        CommandSpec mixin = CommandSpec.wrapWithoutInspection(this);
        mixin.addOption(option(OptionSpec.builder("--classpath").paramLabel("PATHS").type(String.class)
                .description("Jars and class directories holding your tasks (and their application.conf), separated"
                        + " by '${sys:path.separator}'; 'dir/*' adds every jar in dir."),
                () -> classpath, value -> classpath = value));
        mixin.addOption(option(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class)
                .description("A HOCON file whose settings win over application.conf."),
                () -> configFile, value -> configFile = value));
        mixin.addOption(option(OptionSpec.builder("--workspace").paramLabel("DIR|URI").type(String.class)
                .description("Where cache files and task info go: a directory, a file: URI, or scheme://... for"
                        + " another store, such as s3://bucket/prefix (kart.workspace; default: resources)."),
                () -> workspace, value -> workspace = value));
        mixin.addOption(option(OptionSpec.builder("--lock-backend").paramLabel("NAME").type(String.class)
                .description("The lock backend: in-memory, redis, or auto (kart.lock.backend)."),
                () -> lockBackend, value -> lockBackend = value));
        mixin.addOption(option(OptionSpec.builder("--redis-host").paramLabel("HOST").type(String.class)
                .description("Use the Redis lock backend on this host (kart.lock.redis.host)."),
                () -> redisHost, value -> redisHost = value));
        mixin.addOption(option(OptionSpec.builder("--redis-port").paramLabel("PORT").type(Integer.class)
                .description("Use the Redis lock backend on this port (kart.lock.redis.port)."),
                () -> redisPort, value -> redisPort = value));
        OptionSpec.Builder set = OptionSpec.builder("-D", "--set").paramLabel("KEY=VALUE").type(Map.class)
                .auxiliaryTypes(String.class, String.class)
                .description("Set any configuration key, such as -D kart.retry.count=2; null clears one, as in a"
                        + " config file (-D kart.task-timeout=null). Flags above win over it.");
        // a key alone (-D KEY) is set to the empty text (apart: this setter returns picocli's raw Builder type)
        set.mapFallbackValue("");
        mixin.addOption(option(set, () -> settings, value -> settings = value));
        mixin.addOption(flag(OptionSpec.builder("-v", "--verbose")
                .description("Show stack traces, with their causes: of every failed attempt (kart run, on stderr"
                        + " before the summary; kart info, every attempt task info recorded), of an error that stops"
                        + " the command, and of log lines, which otherwise end with their cause on the same line."),
                () -> verbose, value -> verbose = value));
        mixin.addOption(flag(OptionSpec.builder("--local-scheduler")
                .description("Accepted for the Python system's command lines: kart always schedules in this process"
                        + " and coordinates nodes through the lock backend."),
                () -> localScheduler, value -> localScheduler = value));
        return mixin;
    }

    /** @return whether {@code -v}/{@code --verbose} asks for stack traces */
    boolean verbose() {
        return verbose;
    }

    /**
     * @return the class loader of the tasks: the {@code --classpath} entries over this program's own
     *     class path; created once
     * @throws UsageException when an entry does not exist
     */
    ClassLoader classLoader() {
        if (classLoader == null) {
            ClassLoader parent = Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : KartCommand.class.getClassLoader();
            List<URL> urls = classpathUrls();
            classLoader = urls.isEmpty() ? parent : new URLClassLoader("kart-tasks", urls.toArray(URL[]::new), parent);
        }
        return classLoader;
    }

    /**
     * Opens a runtime with these options.
     *
     * @param extra command-specific settings, such as {@code kart.workers}; they win over everything
     * @return the runtime; the caller closes it
     * @throws dev.kart.config.KartConfigException when the configuration is invalid
     */
    Session open(Map<String, Object> extra) {
        if (verbose) {
            // before the runtime starts: a lock backend's client logs while it connects
            ConsoleLogging.verbose();
        }
        RuntimeSpec spec = RuntimeSpec.defaults().withClassLoader(classLoader());
        if (configFile != null) {
            spec = spec.withConfigFile(configFile);
        }
        for (Map.Entry<String, Object> override : overrides(extra).entrySet()) {
            spec = spec.with(override.getKey(), override.getValue(), origin(override.getKey()));
        }
        Thread.currentThread().setContextClassLoader(classLoader());
        try {
            return RuntimeAssembly.create(spec, Session.class);
        } catch (KartConfigException e) {
            throw withTheMissingOption(e);
        }
    }

    /**
     * @return the error, saying which option to add where {@code --redis-port} came without
     *     {@code --redis-host} and no host was configured: the message names only the config key
     */
    private KartConfigException withTheMissingOption(KartConfigException error) {
        if (redisPort != null && redisHost == null && error.getMessage() != null
                && error.getMessage().startsWith(EMPTY_REDIS_HOST)) {
            return new KartConfigException("--redis-port needs --redis-host beside it, such as --redis-host=localhost"
                    + " --redis-port=" + redisPort + " (" + error.getMessage() + ")", error);
        }
        return error;
    }

    /**
     * @param path a config path set on the command line
     * @return where, for error messages: the flag that set it, such as {@code --lock-backend}, or
     *     {@code the command line} for {@code -D} and a command's own flags
     */
    private String origin(String path) {
        return switch (path) {
            case "kart.workspace" -> workspace != null ? "--workspace" : "the command line";
            case "kart.lock.redis.host" -> redisHost != null ? "--redis-host" : "the command line";
            case "kart.lock.redis.port" -> redisPort != null ? "--redis-port" : "the command line";
            case "kart.lock.backend" -> lockBackend != null ? "--lock-backend"
                    : redisHost != null ? "--redis-host" : redisPort != null ? "--redis-port" : "the command line";
            default -> "the command line";
        };
    }

    /**
     * @param extra command-specific settings
     * @return every setting given on the command line, by config path, later ones winning
     */
    Map<String, Object> overrides(Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>();
        // -D kart.task-timeout=null lifts a limit, as null does in a config file
        settings.forEach((key, value) -> values.put(key, value.equals("null") ? null : value));
        if (workspace != null) {
            values.put("kart.workspace", workspace);
        }
        if (redisHost != null) {
            values.put("kart.lock.redis.host", redisHost);
        }
        if (redisPort != null) {
            if (redisPort < 1 || redisPort > 65535) {
                throw new UsageException("--redis-port " + redisPort + " is not a TCP port (1 to 65535)");
            }
            values.put("kart.lock.redis.port", redisPort);
        }
        // Giving the Redis address asks for Redis, as in the Python system, unless a backend is named.
        if (lockBackend != null) {
            values.put("kart.lock.backend", lockBackend);
        } else if (redisHost != null || redisPort != null) {
            values.put("kart.lock.backend", "redis");
        }
        values.putAll(extra);
        return values;
    }

    private List<URL> classpathUrls() {
        List<URL> urls = new ArrayList<>();
        if (classpath == null || classpath.isBlank()) {
            return urls;
        }
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith("*")) {
                Path directory = Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "." : entry.substring(0, entry.length() - 1));
                if (!Files.isDirectory(directory)) {
                    throw new UsageException("--classpath entry '" + entry + "': " + directory.toAbsolutePath()
                            + " is not a directory");
                }
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, "*.jar")) {
                    for (Path jar : jars) {
                        urls.add(url(jar));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + directory, e);
                }
                continue;
            }
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                throw new UsageException("--classpath entry '" + entry + "' does not exist (looked for "
                        + path.toAbsolutePath() + ")");
            }
            urls.add(url(path));
        }
        return urls;
    }

    private static URL url(Path path) {
        try {
            return path.toAbsolutePath().normalize().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UsageException("--classpath entry " + path + " cannot be used: " + e.getMessage());
        }
    }
}
