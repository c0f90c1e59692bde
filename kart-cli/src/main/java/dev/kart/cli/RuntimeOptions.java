package dev.kart.cli;

import static dev.kart.cli.CommandModel.flag;
import static dev.kart.cli.CommandModel.given;
import static dev.kart.cli.CommandModel.option;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.kart.cli.task.ConfiguredParameters;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.config.KeyExpectations;
import dev.kart.core.internal.inject.RuntimeAssembly;
import dev.kart.core.internal.inject.RuntimePreload;
import dev.kart.core.internal.inject.RuntimeSpec;
import dev.kart.core.internal.storage.WorkspaceText;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every command shares: where tasks and configuration come from, the workspace, and
 * the lock backend. Command-line values win over {@code --config}, which wins over
 * {@code application.conf} on the class path, which wins over the modules' {@code reference.conf}.
 */
final class RuntimeOptions {
    /**
     * The Redis backend's name, as {@code kart.lock.backend} selects it: kart-lock-redis's
     * {@code RedisLockBackendProvider.NAME}, spelled here since the command line finds backends through
     * {@link java.util.ServiceLoader} and names no backend module (RuntimeOptionsTest checks the two agree).
     */
    static final String REDIS_BACKEND = "redis";
    /** How the Redis backend's error begins when no host is configured (kart-lock-redis's ServerAddress). */
    private static final String EMPTY_REDIS_HOST = "config key 'kart.lock.redis.host' is empty";
    /** The logger of kart's warnings about configuration, as for a key that looks like kart's. */
    private static final Logger CONFIG_LOG = LoggerFactory.getLogger("dev.kart.config");

    private final OptionSpec classpath = option(OptionSpec.builder("--classpath").paramLabel("PATHS").type(String.class)
            .description("Jars and class directories holding your tasks (and their application.conf), separated"
                    + " by '${sys:path.separator}'; 'dir/*' adds every jar in dir."), null);
    private final OptionSpec configFile = option(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class)
            .description("A HOCON file whose settings win over application.conf."), null);
    // text, not a Path: a URI such as s3://bucket/prefix would lose its double slash as a Path
    private final OptionSpec.Builder workspaceOption = OptionSpec.builder("--workspace").paramLabel("DIR|URI")
            .type(String.class).description("Where cache files and task info go: a directory, a file: URI, or"
                    + " scheme://... for another store, such as s3://bucket/prefix (kart.workspace; default:"
                    + " resources).");
    private OptionSpec workspace;
    private final OptionSpec lockBackend = option(OptionSpec.builder("--lock-backend").paramLabel("NAME")
            .type(String.class).description("The lock backend: in-memory, redis, or auto (kart.lock.backend)."), null);
    private final OptionSpec redisHost = option(OptionSpec.builder("--redis-host").paramLabel("HOST").type(String.class)
            .description("Use the Redis lock backend on this host (kart.lock.redis.host)."), null);
    private final OptionSpec redisPort = option(OptionSpec.builder("--redis-port").paramLabel("PORT").type(Integer.class)
            .description("Use the Redis lock backend on this port (kart.lock.redis.port)."), null);
    private final OptionSpec settings = settingsOption();
    private OptionSpec verbose;
    private final OptionSpec localScheduler = flag(OptionSpec.builder("--local-scheduler")
            .description("Accepted for the Python system's command lines: kart always schedules in this process"
                    + " and coordinates nodes through the lock backend."));

    private ClassLoader classLoader;
    private final Optional<RuntimePreload> preload;
    /** Whether the working directory's unread application.conf was warned about: once per command. */
    private boolean unreadConfigWarned;
    private boolean replacedSettingsWarned;

    /**
     * @param preload the preload that {@code kart} started before reading its command line, if it did (an
     *     application calling {@link KartCommand#execute} starts none)
     */
    RuntimeOptions(Optional<RuntimePreload> preload) {
        this.preload = preload;
    }

    /** @return whether the command line gave {@code --workspace} */
    boolean workspaceGiven() {
        return workspace.getValue() != null;
    }

    /**
     * @param verboseShows what {@code -v} shows of this command besides the stack traces of an error and of log
     *     lines, as {@code "of every failed attempt, "}; empty for nothing more
     * @param workspaceRead whether the command reads the workspace: one that does not ({@code kart locks}) keeps
     *     {@code --workspace} out of its help, and accepts it still, as its help once listed it
     * @return these options as picocli's mixin, which keeps their values; for one command, once
     */
    CommandSpec mixin(String verboseShows, boolean workspaceRead) {
        if (workspace != null) {
            throw new IllegalStateException("the runtime options of one command are its mixin once");
        }
        workspace = option(workspaceOption.hidden(!workspaceRead), null);
        verbose = flag(OptionSpec.builder("-v", "--verbose").description("Show stack traces, with their causes: "
                + verboseShows + "of an error that stops the command, and of log lines, which otherwise end with their"
                + " cause on the same line."));
        CommandSpec mixin = CommandSpec.wrapWithoutInspection(this);
        for (OptionSpec option : List.of(classpath, configFile, workspace, lockBackend, redisHost, redisPort, settings,
                verbose, localScheduler)) {
            mixin.addOption(option);
        }
        return mixin;
    }

    /**
     * A value without {@code =} is refused (picocli: "should be in KEY=VALUE format"), not set to the empty
     * text: in {@code kart run -D books.BookReport} the word is the task, which -D took. The empty text is
     * {@code -D KEY=}. A key that is no config path is refused by {@link ConfigPath}.
     */
    private static OptionSpec settingsOption() {
        return option(OptionSpec.builder("-D", "--set").paramLabel("KEY=VALUE").type(Map.class)
                .auxiliaryTypes(String.class, String.class).converters(new ConfigPath())
                .description("Set any configuration key, such as -D kart.retry.count=2; null clears one and \"\" is"
                        + " the empty text, as in a config file (-D kart.task-timeout=null). Flags above win over it."
                        + " -D kart.log.level=DEBUG sets the console's log level, as the JVM system property does."), Map.of());
    }

    /**
     * Reads the key of a {@code -D KEY=VALUE} (picocli converts a map's keys with the option's first
     * converter): a key Typesafe Config cannot read as a path, such as the empty one of {@code -D =3} or
     * {@code a..b}, is refused on the command line, instead of failing with Typesafe's exception where the
     * settings are applied.
     */
    private static final class ConfigPath implements ITypeConverter<String> {
        @Override
        public String convert(String key) {
            try {
                ConfigUtil.splitPath(key);
            } catch (ConfigException e) {
                // what the option takes: kart's error names the option and the value as typed around it
                throw new TypeConversionException("KEY=VALUE whose KEY is a config path such as kart.workers");
            }
            return key;
        }
    }

    /** @return whether {@code -v}/{@code --verbose} asks for stack traces */
    boolean verbose() {
        return given(verbose);
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
     * Lets the preload that {@code kart} started, if it did, read the reference configuration of the tasks'
     * class loader ({@link RuntimePreload#useClassLoader}), while the caller does work of its own first, such as
     * reading a task line.
     *
     * @throws UsageException when a {@code --classpath} entry does not exist
     */
    void preloadConfig() {
        ClassLoader tasks = classLoader();
        // no lambda: each is a call site to link, on the path of every start
        if (preload.isPresent()) {
            preload.get().useClassLoader(tasks);
        }
    }

    /** The assembly never runs beside the preload: both initialize the same classes (Guice's, Guava's, Typesafe Config's). */
    private void awaitPreload() {
        if (preload.isPresent()) {
            preload.get().await(classLoader());
        }
    }

    /**
     * Opens a runtime with these options.
     *
     * @param extra command-specific settings, such as {@code kart.workers}; they win over everything
     * @return the runtime; the caller closes it
     * @throws dev.kart.config.KartConfigException when the configuration is invalid
     */
    Session open(Map<String, Object> extra) {
        // before anything of Typesafe Config's or the runtime's runs here
        awaitPreload();
        String level = settings.<Map<String, String>>getValue().get(ConsoleConfigurator.LEVEL_PROPERTY);
        if (level != null) {
            // before the runtime starts, as -v: a lock backend's client logs while it connects
            ConsoleLogging.level(level);
        }
        if (given(verbose)) {
            // before the runtime starts: a lock backend's client logs while it connects
            ConsoleLogging.verbose();
        }
        RuntimeSpec spec = spec(extra);
        Thread.currentThread().setContextClassLoader(classLoader());
        try {
            return RuntimeAssembly.create(spec, Session.class);
        } catch (KartConfigException e) {
            throw withTheMissingOption(e);
        }
    }

    /**
     * Reads the configuration these options give (the config file, application.conf, {@code -D}),
     * without opening a runtime, for a task's help.
     *
     * @return what it sets the tasks' parameters to
     * @throws dev.kart.config.KartConfigException when the configuration is invalid
     */
    ConfiguredParameters configuredParameters() {
        Config config;
        // as for a session: where a value came from is looked up in the tasks' application.conf too
        Thread.currentThread().setContextClassLoader(classLoader());
        awaitPreload();
        try {
            config = spec(Map.of()).loadConfig();
        } catch (KartConfigException e) {
            throw withTheMissingOption(e);
        }
        return ConfiguredParameters.of(config, classLoader());
    }

    private RuntimeSpec spec(Map<String, Object> extra) {
        RuntimeSpec spec = RuntimeSpec.defaults().withClassLoader(classLoader());
        Path config = configFile.getValue();
        if (config != null) {
            spec = spec.withConfigFile(config);
        }
        if (!unreadConfigWarned) {
            unreadConfigWarned = true;
            UnreadConfigFiles.warning(Path.of("").toAbsolutePath(), classLoader(), Optional.ofNullable(config))
                    .ifPresent(CONFIG_LOG::warn);
        }
        for (Map.Entry<String, Object> override : overrides(extra).entrySet()) {
            spec = spec.with(override.getKey(), override.getValue(), origin(override.getKey()));
        }
        return spec;
    }

    /**
     * @return the error, saying which option to add where {@code --redis-port} came without
     *     {@code --redis-host} and no host was configured: the message names only the config key
     */
    private KartConfigException withTheMissingOption(KartConfigException error) {
        Integer port = redisPort.getValue();
        if (port != null && redisHost.getValue() == null && error.getMessage() != null
                && error.getMessage().startsWith(EMPTY_REDIS_HOST)) {
            return new KartConfigException("--redis-port needs --redis-host beside it, such as --redis-host=localhost"
                    + " --redis-port=" + port + " (" + error.getMessage() + ")", error);
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
            case "kart.workspace" -> nameIfGiven(workspace, "the command line");
            case "kart.lock.redis.host" -> nameIfGiven(redisHost, "the command line");
            case "kart.lock.redis.port" -> nameIfGiven(redisPort, "the command line");
            case "kart.lock.backend" ->
                    nameIfGiven(lockBackend, nameIfGiven(redisHost, nameIfGiven(redisPort, "the command line")));
            default -> "the command line";
        };
    }

    /** @return the option's longest name when it was given, {@code otherwise} when not */
    private static String nameIfGiven(OptionSpec option, String otherwise) {
        return option.getValue() != null ? option.longestName() : otherwise;
    }

    /**
     * @param extra command-specific settings
     * @return every setting given on the command line, by config path, later ones winning
     */
    Map<String, Object> overrides(Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>();
        // -D kart.task-timeout=null lifts a limit, as null does in a config file
        Map<String, String> set = settings.getValue();
        for (Map.Entry<String, String> setting : set.entrySet()) {
            if (setting.getKey().equals(ConsoleConfigurator.LEVEL_PROPERTY)) {
                // the console's level, as the JVM system property sets it: no key of the configuration
                continue;
            }
            values.put(setting.getKey(), value(setting.getKey(), setting.getValue()));
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        String workspaceGiven = workspace.getValue();
        if (workspaceGiven != null) {
            flags.put("kart.workspace", workspaceGiven);
        }
        String host = redisHost.getValue();
        if (host != null) {
            flags.put("kart.lock.redis.host", host);
        }
        Integer port = redisPort.getValue();
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw new UsageException("--redis-port " + port + " is not a TCP port (1 to 65535)");
            }
            flags.put("kart.lock.redis.port", port);
        }
        // Giving the Redis address asks for Redis, as in the Python system, unless a backend is named.
        String backend = lockBackend.getValue();
        if (backend != null) {
            flags.put("kart.lock.backend", backend);
        } else if (host != null || port != null) {
            flags.put("kart.lock.backend", REDIS_BACKEND);
        }
        if (!replacedSettingsWarned) {
            replacedSettingsWarned = true;
            warnOfReplacedSettings(set, flags, extra);
        }
        values.putAll(flags);
        values.putAll(extra);
        return values;
    }

    /**
     * Says which {@code -D} values a flag replaces, as {@code -D kart.lock.redis.port=abc --redis-port 6380}:
     * the configuration never holds them, so they are not read, nor is their type checked (as a config
     * file's value that {@code -D} sets again), while the user, who gave both, may believe either applies.
     *
     * @param settings the {@code -D} values as typed, by key
     * @param flags what the flags set, by config path
     * @param extra what the command's own options set, by config path: {@code kart.workers} from {@code --workers}
     */
    private void warnOfReplacedSettings(Map<String, String> settings, Map<String, Object> flags,
            Map<String, Object> extra) {
        Map<String, Object> replacing = new LinkedHashMap<>(flags);
        replacing.putAll(extra);
        for (Map.Entry<String, Object> flag : replacing.entrySet()) {
            String typed = settings.get(flag.getKey());
            if (typed != null && !typed.equals(String.valueOf(flag.getValue()))) {
                String option = flags.containsKey(flag.getKey()) ? origin(flag.getKey())
                        : flag.getKey().equals("kart.workers") ? "--workers" : "the command's own option";
                CONFIG_LOG.warn("-D {}={} is not read, nor its type checked: {} sets {} to {}, and a flag wins over -D;"
                        + " give only one of them", flag.getKey(), shown(flag.getKey(), typed), option,
                        flag.getKey(), shown(flag.getKey(), String.valueOf(flag.getValue())));
            }
        }
    }

    /**
     * @param key the {@code -D} key, as its error names it
     * @param text a {@code -D} value as typed
     * @return it as a config file reads it where they differ: {@code null} clears a key, {@code ""} is the empty
     *     text, as {@code -D KEY=} is, and a value in double quotes is HOCON's quoted string, {@code "text"} the text
     *     inside with its escapes read (the shell keeps the quotes of {@code -D 'KEY="text"'}); else the text as it is
     * @throws UsageException for a value wrapped in single quotes, {@code ''} or {@code 'p'} (the shell keeps the
     *     quotes of {@code -D "KEY=''"} and {@code -D "KEY='p'"}): HOCON has no single-quoted strings, so the quotes
     *     would be part of the value, while the user most likely meant them as a shell's quotes, around the text;
     *     which one is not kart's to guess; and for a value in double quotes that is no quoted string of HOCON
     *     ({@code "a"b"}, a bad escape)
     */
    private static String value(String key, String text) {
        return switch (text) {
            case "null" -> null;
            case "\"\"" -> "";
            case "''" -> throw new UsageException("-D " + key + "='': HOCON has no single-quoted strings, so '' would be"
                    + " the two characters '', not the empty text; " + emptyTextAdvice(key));
            default -> {
                if (text.length() > 2 && text.startsWith("'") && text.endsWith("'")) {
                    String inside = text.substring(1, text.length() - 1);
                    String shown = shown(key, inside);
                    // a secret is not quoted back, so the advice names the value instead of showing it
                    String meant = shown.equals(inside) ? inside : "VALUE";
                    // a number, a duration or a name of a fixed few with the quotes kept is no value of its key
                    boolean freeText = KeyExpectations.of(key).map(KeyExpectations.Expectation::freeText).orElse(true);
                    throw new UsageException("-D " + key + "='" + shown + "': HOCON has no single-quoted strings, so"
                            + " the quotes would be part of the value, not around it; for the "
                            + (shown.equals(inside) ? "value " + inside : "value inside the quotes") + ", write -D " + key
                            + "=" + meant + " (quoted for the shell: -D \"" + key + "=" + meant + "\")"
                            + (freeText ? "; to keep the quotes as part of the value, set it in a --config file, in"
                                    + " double quotes: " + key + " = \"'" + meant + "'\"" : ""));
                }
                if (text.length() > 2 && text.startsWith("\"") && text.endsWith("\"")) {
                    yield quotedString(key, text);
                }
                yield text;
            }
        };
    }

    /**
     * @param key the {@code -D} key whose value was {@code ''}
     * @return how to write the empty text for it; for a key of kart's that refuses the empty text
     *     ({@link KeyExpectations}), what it takes instead, rather than {@code -D KEY=""}, which it would refuse in turn
     */
    private static String emptyTextAdvice(String key) {
        Optional<KeyExpectations.Expectation> expected = KeyExpectations.of(key);
        if (expected.isPresent() && !expected.get().takesEmptyText()) {
            return "nor does " + key + " take the empty text: write -D " + key + "=VALUE, where VALUE is "
                    + expected.get().expected();
        }
        return "for the empty text write -D " + key + "=\"\" (quoted for the shell: -D '" + key + "=\"\"') or -D " + key
                + "=";
    }

    /**
     * A value in double quotes, read as a config file reads it, so that {@code -D 'KEY="text"'} sets what
     * {@code KEY = "text"} in application.conf does: the text inside, not the quotes with it.
     */
    private static String quotedString(String key, String text) {
        try {
            ConfigValue parsed = ConfigFactory.parseString("value = " + text).getValue("value");
            if (parsed.valueType() == ConfigValueType.STRING) {
                return (String) parsed.unwrapped();
            }
        } catch (ConfigException e) {
            // told below, as a value that is no quoted string
        }
        throw new UsageException("-D " + key + "=" + shown(key, text) + ": a value in double quotes is read as a config"
                + " file reads a quoted string, and this one is not one (a quote inside must be written \\\", a"
                + " backslash \\\\); or give the value without the quotes: -D " + key + "=VALUE");
    }

    /**
     * @param key a config key, such as {@code kart.lock.redis.password}
     * @param text a value of it, as typed or as a flag gave it
     * @return the value as a message may show it: {@code ***} for a password (a key whose last segment is
     *     {@code password}), and the user information ({@code KEY:SECRET@}, {@code user:password@}) of the
     *     workspace or the Redis URL replaced by {@code ***}, as kart shows a workspace elsewhere; else the text
     */
    private static String shown(String key, String text) {
        if (key.equals("password") || key.endsWith(".password")) {
            return "***";
        }
        if (key.equals("kart.workspace") || key.equals("kart.lock.redis.url")) {
            return WorkspaceText.redacted(text);
        }
        return text;
    }

    private List<URL> classpathUrls() {
        List<URL> urls = new ArrayList<>();
        String entries = classpath.getValue();
        if (entries == null || entries.isBlank()) {
            return urls;
        }
        for (String entry : entries.split(File.pathSeparator)) {
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
