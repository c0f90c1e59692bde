package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a key of kart's takes, as its error words it, for the command line's advice about {@code -D KEY=''} and
 * {@code -D KEY='text'}: that advice must not send the user to {@code -D KEY=""} for a key that refuses the empty
 * text, nor to a quoted value in a config file for a key that takes no free text. A key's kind is known from its
 * default in kart's reference.conf files, as {@link ConfigKeyChecker} checks a value's type by it (a number, a boolean,
 * a duration, a size, a list), and, for a key whose default is a name or null, from the few listed here that refuse
 * the empty text; every other such key reads the empty text as unset (the Redis host, url and password, the S3
 * region).
 */
public final class KeyExpectations {
    /** What {@code kart.lock.prefix} takes: lock keys begin with it. */
    static final String LOCK_PREFIX = "a non-empty name without spaces";
    /** What {@code kart.workspace} takes: the empty path would be the working directory, unsaid. */
    static final String WORKSPACE = "a directory (or a path where kart may create one; . for the working directory)";
    /** What {@code kart.task-order.seed} takes. */
    static final String TASK_ORDER_SEED = "a name such as the node's host name, or null for this node's identity"
            + " (host:pid)";
    /** What {@code kart.task-order.mode} takes. */
    static final String TASK_ORDER_MODE = "spread or graph";
    /** What {@code on-collision} takes, kart's and a task section's. */
    static final String COLLISION_POLICY = "one of fail, wait, defer";
    /** What a number key takes, as the config library's type error says it. */
    private static final String NUMBER = "a number";
    /** What a boolean key takes, as the config library's type error says it. */
    private static final String BOOLEAN = "a boolean (true or false)";
    /** A default written as a size ({@code 16MiB}), as the S3 storage reads its sizes. */
    private static final Pattern SIZE = Pattern.compile("\\d+(B|KiB|MiB|GiB|KB|MB|GB)");
    /** What a size key takes, as the S3 storage's error says it (kart-cli's RunCommandTest keeps the two alike). */
    private static final String SIZE_EXPECTED = "a size such as 8MiB, 512KiB or 1048576 (units: B, KiB, MiB, GiB, KB,"
            + " MB, GB)";

    /**
     * What a key takes.
     *
     * @param expected what it takes, as its error says after "expected", such as {@code a duration such as 30s or 5m
     *     (units: ns, us, ms, s, m, h, d)}; for a key that takes null, what null means too
     * @param takesEmptyText whether the empty text is a value of it (for a name whose empty text means unset, as
     *     {@code kart.lock.redis.host}'s default does)
     * @param freeText whether it takes any text, so that quotes kept in the value are a value of it too; not for a
     *     number, a boolean, a duration, a size or one of fixed names
     */
    public record Expectation(String expected, boolean takesEmptyText, boolean freeText) {
    }

    private KeyExpectations() {
    }

    /**
     * @param key a full config key as a {@code -D} names it, such as {@code kart.retry.delay}
     * @return what it takes, when it is a key of kart's own that one of kart's reference.conf files on kart's class
     *     path sets; empty for any other key: a task section's ({@code kart.tasks."com.acme.Report".top}), the
     *     application's own, or an unknown one
     */
    public static Optional<Expectation> of(String key) {
        if (!key.startsWith("kart.") || key.startsWith("kart.tasks.")) {
            return Optional.empty();
        }
        ConfigValue known;
        try {
            // an error path: the files are read again here only when a -D value is refused. Unresolved, as
            // KartConfigLoader reads them: defaultReference lays the JVM's system properties over them, and a
            // -Dkart.workers=4 in JAVA_OPTS would make the key's default the text "4"; resolved without the
            // environment, whose KART_WORKERS='' would make it the text "''"
            Config reference = ConfigFactory.defaultReferenceUnresolved(KeyExpectations.class.getClassLoader())
                    .resolve(ConfigResolveOptions.noSystem());
            if (!reference.hasPathOrNull(key)) {
                return Optional.empty();
            }
            known = reference.hasPath(key) ? reference.getValue(key) : null;
        } catch (ConfigException e) {
            // a key that is no path (kart.a..b), or reference.conf not readable here: the advice is the generic one
            return Optional.empty();
        }
        Optional<Expectation> listed = listed(key);
        if (listed.isPresent()) {
            return listed;
        }
        if (known == null) {
            return Optional.of(new Expectation("any text", true, true));
        }
        return switch (known.valueType()) {
            case NUMBER -> Optional.of(typed(NUMBER));
            case BOOLEAN -> Optional.of(typed(BOOLEAN));
            case STRING -> {
                String text = (String) known.unwrapped();
                yield ConfigKeyChecker.DURATION.matcher(text).matches() ? Optional.of(typed(Settings.DURATION))
                        : SIZE.matcher(text).matches() ? Optional.of(typed(SIZE_EXPECTED))
                        : Optional.of(new Expectation("any text", true, true));
            }
            // a list takes a string of elements separated by commas, the empty one for none; an object no -D value
            default -> Optional.of(new Expectation("any text", true, true));
        };
    }

    /** The keys whose default is a name or null, and whose reader refuses the empty text. */
    private static Optional<Expectation> listed(String key) {
        return switch (key) {
            case "kart.workspace" -> Optional.of(new Expectation(WORKSPACE, false, true));
            case "kart.lock.prefix" -> Optional.of(new Expectation(LOCK_PREFIX, false, true));
            case "kart.task-order.seed" -> Optional.of(new Expectation(TASK_ORDER_SEED, false, true));
            case "kart.task-order.mode" -> Optional.of(typed(TASK_ORDER_MODE));
            case "kart.lock.on-collision" -> Optional.of(typed(COLLISION_POLICY));
            case "kart.lock.backend" -> Optional.of(typed("the name of a lock backend on the class path, such as"
                    + " in-memory or redis, or auto"));
            case "kart.lock.fail-on-collision" -> Optional.of(typed(BOOLEAN + ", or null to leave"
                    + " kart.lock.on-collision in charge"));
            case "kart.task-timeout" -> Optional.of(typed(Settings.DURATION + ", or null for no limit"));
            case "kart.lock.renew-interval" -> Optional.of(typed(Settings.DURATION + ", or null for a third of the"
                    + " lease TTL"));
            // kart-lock-redis's keys, in the words of its errors: that module cannot see this one
            case "kart.lock.redis.timeout" -> Optional.of(typed(Settings.DURATION + ", or null for kart.lock.ttl"));
            // kart-cli's RunCommandTest keeps this one and the S3 sizes' alike with the modules' errors
            case "kart.lock.redis.client" -> Optional.of(typed("\"auto\", \"jedis\" or \"redisson\""));
            default -> Optional.empty();
        };
    }

    private static Expectation typed(String expected) {
        return new Expectation(expected, false, false);
    }
}
