package dev.kart.lock.redis.internal;

import dev.kart.KartException;
import dev.kart.config.KartConfigException;
import dev.kart.internal.text.DurationText;
import dev.kart.lock.HeldLock;
import dev.kart.lock.LockException;
import dev.kart.lock.LockKeyOccupiedException;
import dev.kart.lock.redis.RedisLockSettings;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns client-library errors into {@link LockException}s naming the binding, where Redis is and the
 * key; never the password. One per backend; immutable.
 */
public final class RedisFailures {
    // What Redisson appends to its messages: the command with its whole Lua script and arguments,
    // the connection's state, advice on its thread pools. Task info and -v keep the whole message.
    private static final List<String> DETAILS = List.of(" for command:", ", command:", " command:", "! ", ". Check", " Check ",
            ", Node source", ", params:", ", channel:", ". channel:", " channel: [id:", " data: CommandData",
            ", is non-idempotent", " (EVALSHA", " (EVAL",
            // Redisson's advice names its own settings, which kart's keys do not set
            ". Try to increase", " Try to increase");
    private static final int HEADLINE_CHARS = 160;
    /** How many of the names the sentinels monitor a message lists. */
    private static final int LISTED_NAMES = 10;

    private final String binding;
    private final String address;
    private final RedisLockSettings settings;
    private final boolean ownClient;

    private RedisFailures(String binding, String address, RedisLockSettings settings, boolean ownClient) {
        this.binding = binding;
        this.address = address;
        this.settings = settings;
        this.ownClient = ownClient;
    }

    /**
     * @param binding the binding's name, such as {@code jedis}
     * @param settings the settings the backend opened its own client from
     * @return the failures of that backend, naming {@link RedisLockSettings#address()}
     */
    public static RedisFailures ownClient(String binding, RedisLockSettings settings) {
        return new RedisFailures(binding, settings.address(), settings, true);
    }

    /**
     * @param binding the binding's name, such as {@code jedis}
     * @param address what the application's client reaches, for messages; never credentials
     * @param settings the backend's settings
     * @return the failures of a backend over a client the application handed in
     */
    public static RedisFailures givenClient(String binding, String address, RedisLockSettings settings) {
        return new RedisFailures(binding, address, settings, false);
    }

    /** @return the binding's name */
    public String binding() {
        return binding;
    }

    /** @return where Redis is, for messages */
    public String address() {
        return address;
    }

    /**
     * A lock call that failed: kart's words first (the binding, what was done to which key, and what
     * went wrong with Redis, naming the settings concerned), then the client library's deepest
     * cause, on one line: {@code Redis lock backend (redisson): acquiring kart:run:ab failed: cannot
     * reach Redis at 127.0.0.1:6390 (kart.lock.redis.host/port): Connection refused}. Whether the task
     * is retried is not said here: the backend does not know the task's retry settings, and the
     * runtime says it (kart-core's {@code Retries}).
     *
     * @param action what was being done, such as {@code acquiring}
     * @param key the key concerned
     * @param cause the client library's error
     * @return the exception to throw: a {@link LockKeyOccupiedException} when the key holds another application's
     *     value ({@link #anotherApplicationsValue})
     */
    public LockException failed(String action, String key, Throwable cause) {
        if (!timedOut(cause) && !connectionFailed(cause) && !clientFailedInside(cause) && anotherApplicationsValue(cause)) {
            // the runtime retries no task refused so: no retry ends it until a person removes the value
            return new LockKeyOccupiedException(message(action, key, occupied(), cause), cause);
        }
        return new LockException(message(action, key, whatWentWrong(cause), cause), cause);
    }

    /** @return what went wrong with Redis, for {@link #failed}'s message, when it is not another application's value */
    private String whatWentWrong(Throwable cause) {
        String what;
        if (connectTimedOut(cause)) {
            // a new connection of the pool, after the one before broke: the command never went out
            what = "no connection to " + address + (kartsTimeouts() ? " within kart.lock.redis.connect-timeout = "
                    + DurationText.configValue(settings.connectTimeout()) : " in time")
                    + (ownClient && settings.sentinel().isPresent() ? " (the primary they named is down or cut off, or"
                            + " a failover is under way)" : "");
        } else if (timedOut(cause)) {
            what = "no answer from " + address + " within kart.lock.redis.command-timeout = "
                    + DurationText.configValue(settings.commandTimeout())
                    + (ownClient && settings.sentinel().isPresent() ? " (the primary they named is stuck or cut off, or"
                            + " a failover is under way)" : "");
        } else if (connectionFailed(cause)) {
            if (!ownClient) {
                what = "the application's Redis client cannot reach " + address;
            } else if (settings.sentinel().isPresent()) {
                // the sentinels answered at start, so the settings are seldom what is wrong: the primary went away
                what = "cannot reach " + address + ": the primary they named is down, or a failover is under way until"
                        + " they promote a replica and kart follows it";
            } else {
                what = "cannot reach " + address + " (" + whereKeys(false)
                        + addressVariable().map(variable -> "; " + setBy(variable)).orElse("") + ")";
            }
        } else if (clientFailedInside(cause)) {
            what = "the " + binding + " client failed inside, talking to " + address;
        } else if (wrongKind(cause)) {
            // the bindings' run locks are of different kinds (a string against Redisson's hash): nodes that took
            // different ones meet here, when client = auto picks by what each class path holds
            what = address + " holds the key as another kind of value: a process using the other binding on this"
                    + " prefix (every node must use the same kart.lock.redis.client), or another application's key";
        } else {
            what = address + " answered with an error";
        }
        return what;
    }

    /** @return what {@link #failed} and {@link #keyOccupied} say of a key holding another application's value */
    private String occupied() {
        return address + " holds another application's value there, not a kart lock (is kart.lock.prefix shared with"
                + " another application?)";
    }

    /**
     * @return {@code Redis lock backend (B): ACTION KEY failed: WHAT: CAUSE}, without {@code : CAUSE} when the cause
     *     only says that a reply did not come in time, which WHAT says with the setting
     */
    private String message(String action, String key, String what, Throwable cause) {
        String message = "Redis lock backend (" + binding + "): " + action + " " + key + " failed: " + what;
        return onlyNoReplyInTime(cause) ? message : message + ": " + describe(cause);
    }

    /**
     * Whether the error {@link #describe} would quote is a reply not come in time and nothing more (Redisson's response
     * timeout, "Redis server response timeout (5000 ms) occured after 0 of 0 retry attempts"; Jedis's "Read timed
     * out"), from a client kart made with {@code kart.lock.redis.command-timeout}, which the message names. A client
     * the application gave, or one a {@code redisson-config} file set up, has a timeout of its own, which only the
     * library's words give; a timeout while connecting says where it happened. Both are kept.
     */
    private boolean onlyNoReplyInTime(Throwable cause) {
        return ownClient && settings.redissonConfig().isEmpty() && quoted(cause).filter(error ->
                error.getClass().getSimpleName().equals("RedisResponseTimeoutException")
                        || error instanceof SocketTimeoutException && "Read timed out".equals(error.getMessage()))
                .isPresent();
    }

    /**
     * A grant the binding undid, as it could not be trusted: its token came from a fencing counter that its raise had
     * missed ({@link LeaseKeeper#grantedFromUnraisedCounter}), or the primary changed while it was granted. Not a
     * failure of Redis: the task is retried as after one.
     *
     * @param key the lock key
     * @param why what was found, such as {@link #tokenNotAboveRaise}
     * @return the exception to throw
     */
    public LockException grantUndone(String key, String why) {
        return new LockException("Redis lock backend (" + binding + "): acquiring " + key + " on " + address
                + " failed: " + why + "; the grant was undone");
    }

    /**
     * @param before the primary named before the grant, when the client follows sentinels
     * @param after the primary named after it
     * @return why a grant is undone when they differ, for {@link #grantUndone}
     */
    public static String primaryChanged(Optional<String> before, Optional<String> after) {
        return "the Redis primary changed from " + before.orElse("?") + " to " + after.orElse("?") + " while it was granted";
    }

    /**
     * @param token the grant's fencing token
     * @param raisedTo what the counter's last raise left it at
     * @param counter the counter's key
     * @return why such a grant is undone, for {@link #grantUndone}
     */
    public static String tokenNotAboveRaise(long token, long raisedTo, String counter) {
        return "its fencing token " + token + " is not above " + raisedTo + ", which the counter " + counter + " was raised"
                + " to before it (the raise went to another server than the grant, in a failover, or Redis came back with"
                + " data older than the raise)";
    }

    /**
     * @param failure a lock call's error
     * @return whether it got no answer within its timeout (Redis frozen, or the network between it and this process
     *     dropping what it sends), rather than an answer or a refused connection
     */
    public static boolean unanswered(Throwable failure) {
        return timedOut(failure);
    }

    /**
     * @param failure a lock call's error
     * @return whether Redis gave the call no answer at all: it timed out, or its connection failed or was refused;
     *     false for an error reply (WRONGTYPE, READONLY, OOM, BUSY...), which is Redis's answer
     */
    public static boolean withoutAnswer(Throwable failure) {
        return timedOut(failure) || connectionFailed(failure);
    }

    /**
     * A lock key that a binding read and found holding another application's value, which no release of a node ends.
     *
     * @param action what was being done, such as {@code acquiring}
     * @param key the lock key
     * @param what what it is or holds, in acquire.lua's words: {@code holds a list}
     *     ({@link HolderReply#anotherApplicationsRunKeyValue()})
     * @return the exception to throw, worded as {@link #failed} words acquire.lua's refusal of such a key
     */
    public LockKeyOccupiedException keyOccupied(String action, String key, String what) {
        NotAKartLockException read = new NotAKartLockException(key, what);
        return new LockKeyOccupiedException(message(action, key, occupied(), read), read);
    }

    /**
     * @param failure a lock call's error
     * @return whether the key holds another application's value: refused so by kart (a {@link LockKeyOccupiedException},
     *     or a binding's read of the key, {@link #keyOccupied}) or by acquire.lua, whose refusal reaches the client as
     *     Redis's error reply {@code WRONGTYPE key K holds a list, not a kart lock}; known by the reply's first line,
     *     not by words anywhere in the client's message, which may quote the script's source
     */
    public static boolean anotherApplicationsValue(Throwable failure) {
        return chain(failure).anyMatch(e -> e instanceof LockKeyOccupiedException || e instanceof NotAKartLockException
                || acquireRefused(e, ", not a kart lock"));
    }

    /**
     * @param failure a lock call's error
     * @return whether acquire.lua refused the key as a hash of no kart lock holders: Redisson's run lock, or another
     *     application's hash, which the script cannot tell apart, not knowing whether the key is a run or a cache key
     */
    public static boolean refusedAsHashOfNoHolders(Throwable failure) {
        return chain(failure).anyMatch(e -> acquireRefused(e, " is a hash of no kart lock holders"));
    }

    /** @return whether the error's reply is acquire.lua's refusal of a key ({@code WRONGTYPE key K ...}) with these words */
    private static boolean acquireRefused(Throwable error, String words) {
        String reply = reply(error);
        return reply.contains("WRONGTYPE key ") && reply.contains(words);
    }

    /**
     * @param error a client library's error
     * @return the first line of its message, before the details a client adds (Redisson's {@code . channel: ... data:
     *     CommandData [...]}, which quotes the command's arguments, a script's source among them): Redis's error reply;
     *     empty when it has no message
     */
    private static String reply(Throwable error) {
        String message = error.getMessage();
        if (message == null) {
            return "";
        }
        return beforeDetails(message.lines().findFirst().orElse(""));
    }

    /** @return the line up to the first of the details a client library adds ({@link #DETAILS}) */
    private static String beforeDetails(String line) {
        String kept = line;
        for (String details : DETAILS) {
            int at = kept.indexOf(details);
            if (at > 0) {
                kept = kept.substring(0, at);
            }
        }
        return kept;
    }

    /**
     * @param failure a lock call's error
     * @return whether Redis refused it because the key holds another kind of value ({@code WRONGTYPE}): the run lock of
     *     a node on the other binding (a string against Redisson's hash), or another application's key
     */
    public static boolean wrongKind(Throwable failure) {
        return chain(failure).anyMatch(e -> reply(e).contains("WRONGTYPE"));
    }

    /**
     * A run lock refused because a node on the other binding holds it, told with its holder, which each binding reads
     * in the other's kind of lock: {@code Redis lock backend (jedis): acquiring kart:run:ab failed: held in Redis at
     * localhost:6379 by vm:4211#1 (fencing token 1796545148842001), a node on the other Redis client: every node of a
     * prefix must use the same kart.lock.redis.client (this one uses jedis)}.
     *
     * @param key the run lock's key
     * @param holder who holds it, known ({@link HeldLock#holderKnown()})
     * @param refusal the refused acquire's error ({@link #wrongKind}), kept as the cause
     * @return the exception to throw
     */
    public LockException heldThroughOtherClient(String key, HeldLock holder, LockException refusal) {
        return new LockException("Redis lock backend (" + binding + "): acquiring " + key + " failed: held in " + address
                + " by " + holder.holder() + " (fencing token " + holder.fencingToken() + "), a node on the other Redis client: every"
                + " node of a prefix must use the same kart.lock.redis.client (this one uses " + binding + ")", refusal);
    }

    /**
     * Whether what the sentinels of a Sentinel deployment answer changes how {@link #cannotStart} words this failure:
     * a connection to the primary that did not get through (their answer names it), or the client library's words
     * that they monitor no primary of that name (their answer lists the names they do). Not a refused login, nor
     * sentinels that could not be reached: asking them again would tell nothing.
     *
     * @param cause the client library's error
     * @return whether the binding should ask the sentinels ({@link SentinelProbe#askInTurn}) before wording it
     */
    public boolean sentinelsCanTell(Throwable cause) {
        return ownClient && settings.sentinel().isPresent() && !noSentinelAnswered(cause)
                && (primaryFailure(cause).isPresent() || saysUnmonitored(cause) || refusesSentinel(cause));
    }

    /**
     * A backend that cannot start, as {@link #unreachable} words it; but where the sentinels of a Sentinel deployment
     * answer, what they say: a master name that every listed sentinel answers it does not monitor is a mistake in the
     * configuration, not an outage (kart exits 2 on it, as on any bad value, not 3), and is told with the names they do
     * monitor; while some could not be asked, one of those may monitor it, and it is told as an outage, with what each
     * of those needs checked; a primary they name that cannot be reached is told with its address. The binding asks them, when {@link #sentinelsCanTell} says so.
     *
     * @param cause the client library's error
     * @param answers what the sentinels answered, or the primary the client library was sent to by them when it says
     *     so (Jedis does); {@link SentinelAnswers#notAsked()} else
     * @return a {@link KartConfigException} naming {@code kart.lock.redis.sentinel.nodes} when a Redis data server is
     *     listed there ({@link #dataServersListed(SentinelAnswers)}), or {@code kart.lock.redis.sentinel.master} when every sentinel that
     *     answered monitors no primary of that name and none could not be asked, or {@code sentinel.nodes} when the client library stopped at
     *     such a sentinel while another names a primary; else a {@link LockException}
     */
    public KartException cannotStart(Throwable cause, SentinelAnswers answers) {
        if (dataServerListed(answers, Optional.of(cause))) {
            return dataServersListed(answers, Optional.of(cause));
        }
        if (!ownClient || settings.sentinel().isEmpty() || noSentinelAnswered(cause)) {
            return unreachable(cause);
        }
        if (answers.primary().isEmpty()) {
            // a sentinel that named a primary ended the questions: every one that answered monitors other names
            return answers.answered() > 0 || saysUnmonitored(cause) ? unmonitored(answers, cause) : unreachable(cause);
        }
        RedisLockSettings.Sentinel sentinel = settings.sentinel().get();
        if (!answers.passedOver().isEmpty() && saysUnmonitored(cause)) {
            return disagreeing(answers, cause);
        }
        Optional<String> how = primaryFailure(cause);
        if (how.isEmpty()) {
            return unreachable(cause);
        }
        String check = chain(cause).anyMatch(UnknownHostException.class::isInstance)
                ? "check that this machine resolves that name" : "check that redis-server runs there and accepts"
                        + " connections from this machine";
        // only the sentinel that named it: one passed over before it (of another deployment) named nothing
        String naming = answers.namedBy().map(at -> "the sentinel at " + at + " names ")
                .orElse("a sentinel of " + String.join(",", sentinel.nodes()) + " names ");
        return new LockException("Redis lock backend (" + binding + "): " + naming + answers.primary().get() + " as primary '"
                + sentinel.master() + "', and " + how.get() + "; "
                + check + ", and the sentinels' view of it (SENTINEL MASTER " + sentinel.master() + "): " + describe(cause),
                cause);
    }

    /**
     * Redis data servers listed as sentinels, found when the sentinels were asked in turn at start and none named a
     * primary: the client library would only say that no sentinel answered (Jedis's "All sentinels down"), though
     * they did. A binding that asks before its client library does calls this first.
     *
     * @param answers what the sentinels answered kart
     * @return the configuration error naming them and {@code kart.lock.redis.sentinel.nodes}; empty when a sentinel
     *     named the primary (the client library passes the data servers over, as it passes over a sentinel that does
     *     not answer), or none of them answered as a data server
     */
    public Optional<KartConfigException> dataServersListed(SentinelAnswers answers) {
        if (!dataServerListed(answers, Optional.empty())) {
            return Optional.empty();
        }
        return Optional.of(dataServersListed(answers, Optional.empty()));
    }

    /**
     * Whether a data server listed among the sentinels is why the start failed: {@link #cannotStart} and
     * {@link #dataServersListed(SentinelAnswers)} both ask this, so that they never disagree. A data server passed over
     * for a sentinel that named the primary is not why the primary failed.
     *
     * @param cause the client library's error, when there is one: it may say that a data server refused
     *     {@code SENTINEL} though kart did not ask
     */
    private boolean dataServerListed(SentinelAnswers answers, Optional<Throwable> cause) {
        return ownClient && settings.sentinel().isPresent() && (answers.dataServerInsteadOfSentinel()
                || answers.primary().isEmpty() && cause.filter(RedisFailures::refusesSentinel).isPresent());
    }

    /**
     * The warning of a binding that left out of its client library's sentinels the Redis data servers it found among
     * the entries it asked before a sentinel named the primary: it starts, and the list is still wrong (a failover
     * leaves it fewer sentinels to ask than it seems to have). A data server listed after that sentinel was not asked,
     * and is not told of here.
     *
     * @param answers the sentinels the binding asked in turn at start, in the order of
     *     {@code kart.lock.redis.sentinel.nodes}
     * @return {@code Redis lock backend (jedis): 10.0.0.7:6379 (entry 1) of kart.lock.redis.sentinel.nodes is a Redis
     *     data server, not a sentinel: ...; kart leaves it out of the sentinels it hands the jedis client, ...; remove it
     *     from kart.lock.redis.sentinel.nodes}, with each entry's number ({@code (entries 1, 3)} for an address given
     *     twice); empty when no data server answered, or no sentinel named the primary (then
     *     {@link #dataServersListed(SentinelAnswers)} fails the start)
     */
    public Optional<String> dataServersPassedOver(SentinelAnswers answers) {
        if (settings.sentinel().isEmpty() || !answers.dataServerPassedOver()) {
            return Optional.empty();
        }
        RedisLockSettings.Sentinel sentinel = settings.sentinel().get();
        // the entries' numbers, as a bad entry of the key is told, to find each in a long list or one given twice
        Map<String, List<SentinelAnswers.Unasked>> servers = byAddress(answers.dataServerEntries());
        boolean one = servers.size() == 1;
        StringJoiner entries = new StringJoiner(", ");
        servers.forEach((server, listed) -> entries.add(server + " (" + (listed.size() == 1 ? "entry " : "entries ")
                + entryNumbers(listed) + ")"));
        return Optional.of("Redis lock backend (" + binding + "): " + entries + (one ? " of kart.lock.redis.sentinel.nodes"
                + " is a Redis data server, not a sentinel: it refused" : " of kart.lock.redis.sentinel.nodes are Redis"
                + " data servers, not sentinels: they refused") + " SENTINEL GET-MASTER-ADDR-BY-NAME as an unknown command;"
                + " kart leaves " + (one ? "it" : "them") + " out of the sentinels it hands the " + binding + " client, as"
                + " the sentinel at " + answers.namedBy().orElse("?") + " names " + answers.primary().get() + " as primary '"
                + sentinel.master() + "'; remove " + (one ? "it" : "them") + " from kart.lock.redis.sentinel.nodes");
    }

    /**
     * @param answers the addresses that refused {@code SENTINEL}, when kart asked; none when only the client library's
     *     error says one did
     * @param cause the client library's error, when it says so
     */
    private KartConfigException dataServersListed(SentinelAnswers answers, Optional<Throwable> cause) {
        RedisLockSettings.Sentinel sentinel = settings.sentinel().get();
        List<String> servers = answers.dataServers();
        String which = servers.isEmpty() ? "what answers at kart.lock.redis.sentinel.nodes ("
                + String.join(",", sentinel.nodes()) + ") is a Redis data server, not a sentinel: it refused"
                : servers.size() == 1 ? servers.get(0) + " in kart.lock.redis.sentinel.nodes answers as a Redis data server,"
                        + " not a sentinel: it refused"
                : String.join(",", servers) + " in kart.lock.redis.sentinel.nodes answer as Redis data servers, not"
                        + " sentinels: they refused";
        return new KartConfigException("Redis lock backend (" + binding + "): " + which + " SENTINEL"
                + " GET-MASTER-ADDR-BY-NAME as an unknown command; list in kart.lock.redis.sentinel.nodes the sentinels"
                + " (redis-sentinel, port 26379 by default) that monitor '" + sentinel.master() + "', or, to use a Redis"
                + " server directly, set kart.lock.redis.host/port instead of kart.lock.redis.sentinel.nodes/master"
                + cause.map(error -> ": " + describe(error)).orElse(""), cause.orElse(null));
    }

    /**
     * Sentinels that answer differently: the client library stopped at one that monitors no primary of the name (as
     * Redisson does with the first it reaches), while another names one. Whichever is right, the list is wrong, with
     * either binding: Jedis passes such a sentinel over, with {@link #passedOver}'s warning.
     *
     * @param answers the sentinels passed over, and the one that named the primary
     * @return the configuration error naming {@code kart.lock.redis.sentinel.nodes}
     */
    private KartConfigException disagreeing(SentinelAnswers answers, Throwable cause) {
        String master = settings.sentinel().get().master();
        return new KartConfigException("Redis lock backend (" + binding + "): " + notMonitoring(answers, master)
                + ", but the one at " + answers.namedBy().orElse("?") + " names " + answers.primary().get()
                + " as that primary; " + listOnlyMonitoring(master, true)
                + ", or kart.lock.redis.sentinel.master if another deployment is meant; the " + binding + " client said: "
                + describe(cause), cause);
    }

    /**
     * The warning of a client library that passed over sentinels of other names for one that names the primary, as
     * Jedis does: it starts, and the list is still wrong (Redisson would stop at them, and they tell of no failover
     * of this primary).
     *
     * @param answers the sentinels the binding asked in turn at start, as its client library asks them
     * @return the warning naming the sentinels passed over and {@code kart.lock.redis.sentinel.nodes}; empty when
     *     none was passed over, or none named a primary
     */
    public Optional<String> passedOver(SentinelAnswers answers) {
        if (settings.sentinel().isEmpty() || answers.passedOver().isEmpty() || answers.primary().isEmpty()) {
            return Optional.empty();
        }
        String master = settings.sentinel().get().master();
        return Optional.of("Redis lock backend (" + binding + "): " + notMonitoring(answers, master) + "; the "
                + binding + " client passed " + (answers.passedOver().size() == 1 ? "it" : "them") + " over for the one at "
                + answers.namedBy().orElse("?") + ", which names " + answers.primary().get() + " as that primary; "
                + listOnlyMonitoring(master, false));
    }

    /**
     * @param jedisToo whether to say what Jedis does too: not when Jedis is the client that passed such a sentinel over
     * @return the advice on a list of sentinels that holds one monitoring other names only
     */
    private static String listOnlyMonitoring(String master, boolean jedisToo) {
        return "check kart.lock.redis.sentinel.nodes: list only sentinels that monitor '" + master + "' (the redisson"
                + " client stops at the first that does not" + (jedisToo ? ", the jedis client passes it over" : "") + ")";
    }

    /** @return {@code the sentinel at A monitors no primary named 'm' (it monitors 'other')}, one or several */
    private static String notMonitoring(SentinelAnswers answers, String master) {
        boolean one = answers.passedOver().size() == 1;
        return "the " + (one ? "sentinel at " : "sentinels at ") + String.join(",", answers.passedOver())
                + (one ? " monitors" : " monitor") + " no primary named '" + master + "' (" + (one ? "it monitors "
                : "they monitor ") + listed(answers.monitored()) + ")";
    }

    /**
     * @param answers what the sentinels that answered monitor; none may have answered when the client library's
     *     words say they monitor no primary of the name
     * @return the configuration error of a master name the sentinels do not monitor; a {@link LockException} when some
     *     sentinel could not be asked, as that one may be the one that monitors the name: an outage, or its login,
     *     rather than a wrong name
     */
    private KartException unmonitored(SentinelAnswers answers, Throwable cause) {
        RedisLockSettings.Sentinel sentinel = settings.sentinel().get();
        String check = "check kart.lock.redis.sentinel.master: the NAME of their `sentinel monitor NAME host port quorum`"
                + " line";
        // Not when none could be asked: the client library's words are then all there is to go by
        List<SentinelAnswers.Unasked> unreached = answers.answered() == 0 ? List.of() : answers.unreached();
        if (unreached.isEmpty()) {
            String names = answers.answered() == 0 ? "" : " (" + answers.answered() + " of " + answers.asked()
                    + " answered; they monitor " + listed(answers.monitored()) + ")";
            return new KartConfigException("Redis lock backend (" + binding + "): the sentinels at "
                    + String.join(",", sentinel.nodes()) + " monitor no primary named '" + sentinel.master() + "'" + names
                    + "; " + check + ": " + describe(cause), cause);
        }
        // only what those that answered said: one that could not be asked may be the one that monitors the name
        boolean one = answers.passedOver().size() == 1;
        // each address once, with its entries' numbers when it is listed twice: the same error said twice helps no one
        StringJoiner notAsked = new StringJoiner("; ");
        byAddress(unreached).forEach((address, entries) -> notAsked.add(address + (entries.size() == 1 ? ""
                : " (entries " + entryNumbers(entries) + ")")
                + " could not be asked: " + entries.stream().map(entry -> describe(entry.error())).distinct()
                        .collect(Collectors.joining(", then "))));
        List<String> refusedLogin = unreached.stream().filter(entry -> refusedLogin(entry.error()))
                .map(SentinelAnswers.Unasked::sentinel).distinct().toList();
        List<String> silent = unreached.stream().filter(entry -> !refusedLogin(entry.error()))
                .map(SentinelAnswers.Unasked::sentinel).distinct().toList();
        StringJoiner advice = new StringJoiner("; ");
        if (!silent.isEmpty()) {
            advice.add("check that redis-sentinel runs at " + String.join(",", silent)
                    + " and accepts connections from this machine");
        }
        if (!refusedLogin.isEmpty()) {
            advice.add("check kart.lock.redis.sentinel.username/password: " + String.join(",", refusedLogin)
                    + " refused the login");
        }
        return new LockException("Redis lock backend (" + binding + "): the " + (one ? "sentinel" : "sentinels")
                + " that answered (" + String.join(",", answers.passedOver()) + ") " + (one ? "monitors" : "monitor")
                + " no primary named '" + sentinel.master() + "' (" + (one ? "it monitors " : "they monitor ")
                + listed(answers.monitored()) + "); " + notAsked + "; " + advice + "; check that kart.lock.redis.sentinel.nodes"
                + " lists sentinels that monitor '" + sentinel.master() + "'; if the name is wrong, " + check
                + ": " + describe(cause), cause);
    }

    /** The entries by address, in the list's order: an address given twice is told once, with each entry's number. */
    private static Map<String, List<SentinelAnswers.Unasked>> byAddress(List<SentinelAnswers.Unasked> entries) {
        Map<String, List<SentinelAnswers.Unasked>> byAddress = new LinkedHashMap<>();
        entries.forEach(entry -> byAddress.computeIfAbsent(entry.sentinel(), address -> new ArrayList<>()).add(entry));
        return byAddress;
    }

    /** @return the entries' numbers in {@code kart.lock.redis.sentinel.nodes}, such as {@code 1, 3} */
    private static String entryNumbers(List<SentinelAnswers.Unasked> entries) {
        return entries.stream().map(entry -> String.valueOf(entry.entry())).collect(Collectors.joining(", "));
    }

    /**
     * Redis's words for a login it refused: a wrong username or password ({@code WRONGPASS}), none given where one is
     * required ({@code NOAUTH}), or one given where none is set ({@code AUTH ... called without any password
     * configured}); or the client library's class for them.
     */
    private static boolean refusedLogin(Throwable error) {
        return chain(error).anyMatch(e -> mentions(e, "WRONGPASS") || mentions(e, "NOAUTH")
                || mentions(e, "without any password configured") || mentions(e, "invalid password")
                || e.getClass().getSimpleName().contains("AccessControl")
                || e.getClass().getSimpleName().contains("AuthRequired"));
    }

    /** @return {@code 'a', 'b'}, the first few of many, or {@code none} */
    private static String listed(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        StringJoiner listed = new StringJoiner(", ", "", names.size() > LISTED_NAMES
                ? ", ... " + names.size() + " in all" : "");
        names.stream().sorted().limit(LISTED_NAMES).forEach(name -> listed.add("'" + name + "'"));
        return listed.toString();
    }

    /** @return how a connection to a primary the sentinels named failed, when it did not get through at all */
    private Optional<String> primaryFailure(Throwable cause) {
        if (chain(cause).anyMatch(UnknownHostException.class::isInstance)) {
            return Optional.of("its host name could not be resolved here");
        }
        if (connectionRefused(cause)) {
            return Optional.of("it refused the connection");
        }
        if (chain(cause).anyMatch(e -> e instanceof NoRouteToHostException
                || e instanceof SocketException && mentions(e, "unreachable"))) {
            return Optional.of("there is no route to it from this machine");
        }
        if (timedOut(cause)) {
            return Optional.of("it did not answer" + withinTimeouts(cause));
        }
        return Optional.empty();
    }

    /**
     * Jedis's and Redisson's words (for one sentinel and for several) when no sentinel could be asked: the sentinels'
     * addresses are at fault, not the primary's login.
     */
    private static boolean noSentinelAnswered(Throwable cause) {
        return chain(cause).anyMatch(e -> mentions(e, "All sentinels down")
                || mentions(e, "Unable to connect to Redis sentinel servers")
                || mentions(e, "SENTINEL SENTINELS command returns empty result"));
    }

    /**
     * Redis's words for a command it does not have ({@code ERR unknown command 'SENTINEL', with args beginning with:}),
     * quoted with backticks before Redis 7: a Redis data server, asked as a sentinel.
     *
     * @param error a client library's error
     * @return whether it is a server's refusal of {@code SENTINEL} as an unknown command
     */
    static boolean refusesSentinel(Throwable error) {
        return chain(error).anyMatch(e -> e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).matches("(?s).*unknown command .sentinel.*"));
    }

    /** Jedis's and Redisson's words when the sentinels answered and know no primary of that name. */
    private static boolean saysUnmonitored(Throwable cause) {
        return chain(cause).anyMatch(e -> mentions(e, "seems to be not monitored") || mentions(e, "Master node is undefined"));
    }

    /**
     * A backend that cannot start: kart's words first (where Redis is, what went wrong, what to
     * check), then the client library's deepest cause, on one line. Bindings call {@link #cannotStart}, which
     * tells what answering sentinels say before this.
     *
     * @param cause the client library's error
     * @return the exception for a backend that cannot start
     */
    public LockException unreachable(Throwable cause) {
        if (!ownClient) {
            return new LockException("Redis lock backend (" + binding + "): the application's Redis client cannot reach "
                    + address + ": " + describe(cause), cause);
        }
        String how;
        String check;
        if (chain(cause).anyMatch(UnknownHostException.class::isInstance)) {
            // a typo, a name of another network (a docker-compose service seen from the host), or a DNS server that
            // did not answer: no timeout or login is worth naming
            how = ", a host name could not be resolved here (no such name, or no answer from DNS)";
            check = "check " + hostKeys();
        } else if (chain(cause).anyMatch(e -> mentions(e, "Unknown reply") || mentions(e, "decode replay")
                || mentions(e, "decode data"))) {
            // Jedis's "Unknown reply: H", Redisson's "Can't decode replay": the first bytes of an HTTP answer, say
            how = ", what answers there does not speak Redis's protocol (another server on that port, or TLS that"
                    + " kart.lock.redis.ssl does not ask for)";
            check = "check " + addressKeys() + " and ssl";
        } else if (chain(cause).anyMatch(e -> mentions(e, "SELECT is not allowed in cluster mode"))) {
            how = ", it is a Redis Cluster node, whose only database is 0";
            check = "give the nodes in kart.lock.redis.cluster.nodes instead, and no database";
        } else if (!settings.cluster() && chain(cause).anyMatch(e -> mentions(e, "MOVED ")
                || mentions(e, "CLUSTERDOWN") || mentions(e, "CROSSSLOT"))) {
            // the start check's key lives on another node of a cluster given as one server
            how = ", it is a Redis Cluster node";
            check = "give the nodes in kart.lock.redis.cluster.nodes instead";
        } else if (chain(cause).anyMatch(e -> mentions(e, "DB index is out of range"))) {
            how = ", it has no such database";
            check = "check " + databaseKey() + ": a Redis server has databases 0 to one less than its databases setting"
                    + " (16 by default)";
        } else if (settings.sentinel().isPresent() && noSentinelAnswered(cause)) {
            how = ", no sentinel answered";
            check = "check kart.lock.redis.sentinel.nodes and that redis-sentinel runs at each and accepts connections"
                    + " from this machine (and sentinel.username/password when the sentinels require a login)";
        } else if (chain(cause).anyMatch(e -> mentions(e, "unknown command"))) {
            // a Redis Sentinel's port given as Redis's: it answers, and knows none of the data commands
            how = ", what answers there is no Redis data server: it refused a command kart's locks run, as a Redis"
                    + " Sentinel does";
            check = settings.sentinel().isPresent() || settings.cluster() || settings.redissonConfig().isPresent()
                    ? "check " + addressKeys()
                    : "check " + addressKeys() + "; to reach Redis through sentinels, give their addresses in"
                            + " kart.lock.redis.sentinel.nodes and the primary's name in sentinel.master instead";
        } else if (connectionRefused(cause)) {
            // refused at once: no timeout is worth naming
            how = ", the connection was refused";
            check = "check " + addressKeys() + " and that redis-server runs there and accepts connections from this"
                    + " machine";
        } else if (chain(cause).anyMatch(e -> e instanceof NoRouteToHostException
                || e instanceof SocketException && mentions(e, "unreachable"))) {
            // an address of a network this machine has no route to, such as one a cluster in containers announces
            how = ", there is no route to it from this machine";
            check = "check " + addressKeys() + " and that this machine's network reaches them";
        } else if (replyTimedOut(cause)) {
            // connected: the server is there, and stopped (SIGSTOP), busy or overloaded, or no Redis at all
            return new LockException("Redis lock backend (" + binding + "): " + address + " took the connection but did"
                    + " not answer" + withinTimeouts(cause) + "; a Redis there that is stopped, busy or overloaded answers"
                    + " nothing: check that it answers (redis-cli ping), or start again once it does, and check "
                    + addressKeys() + ": " + describe(cause), cause);
        } else if (timedOut(cause)) {
            how = withinTimeouts(cause);
            check = connectTimedOut(cause)
                    ? "check " + addressKeys() + " and that redis-server runs there and accepts connections from this"
                            + " machine"
                    // the client does not say whether the connection was made (Redisson's start)
                    : "check " + addressKeys() + " and that redis-server runs there, accepts connections from this"
                            + " machine and answers (a Redis stopped, busy or overloaded takes the connection and answers"
                            + " nothing: redis-cli ping tells)";
        } else {
            how = "";
            check = "check " + loginKeys();
        }
        return new LockException("Redis lock backend (" + binding + "): cannot connect to " + address + how + "; " + check
                + ": " + describe(cause), cause);
    }

    /** @return the setting that chose the database: the url's, a Redisson file's or kart.lock.redis.database */
    private String databaseKey() {
        if (settings.redissonConfig().isPresent()) {
            return "the database in kart.lock.redis.redisson-config";
        }
        return settings.addressFromUrl() ? "the /database of kart.lock.redis.url" : "kart.lock.redis.database";
    }

    /** @return the settings that say where Redis is, and the environment variable that gave the host or url */
    private String addressKeys() {
        return whereKeys(false) + addressVariable().map(variable -> " (" + setBy(variable) + ")").orElse("");
    }

    /** @return the settings that name hosts, and the servers' announced names where a client follows them */
    private String hostKeys() {
        return whereKeys(true) + addressVariable().map(variable -> " (set by " + variable + ")").orElse("");
    }

    /**
     * @return the environment variable that gave the host or url ({@code environment variable KART_REDIS_HOST}), when
     *     those say where Redis is: a user who never wrote the key would not know where its value came from.
     *     Sentinels, cluster nodes and a Redisson file say where Redis is whatever the host holds
     */
    private Optional<String> addressVariable() {
        if (settings.sentinel().isPresent() || settings.redissonConfig().isPresent() || settings.cluster()) {
            return Optional.empty();
        }
        return settings.addressVariable();
    }

    /** @return the note beside the keys that say where Redis is: the url as a whole, or the host of host/port */
    private String setBy(String variable) {
        return (settings.addressFromUrl() ? "" : "host ") + "set by " + variable;
    }

    /**
     * @param hostNames only the settings that hold host names, with the names that sentinels or cluster nodes
     *     announce (a client connects to those too), rather than every setting that says where Redis is
     * @return those settings, as a message names them; one chain for both, so each deployment's two wordings
     *     are chosen by the same test
     */
    private String whereKeys(boolean hostNames) {
        if (settings.sentinel().isPresent()) {
            return hostNames ? "the host names in kart.lock.redis.sentinel.nodes, and the master's that the sentinels announce"
                    : "kart.lock.redis.sentinel.nodes/master (and sentinel.username/password when the sentinels require a login)";
        }
        if (settings.redissonConfig().isPresent()) {
            return hostNames ? "the addresses in kart.lock.redis.redisson-config" : "kart.lock.redis.redisson-config";
        }
        if (settings.cluster()) {
            return hostNames ? "the host names in kart.lock.redis.cluster.nodes, and those the nodes announce"
                    : "kart.lock.redis.cluster.nodes";
        }
        if (settings.addressFromUrl()) {
            return hostNames ? "the host in kart.lock.redis.url" : "kart.lock.redis.url";
        }
        return hostNames ? "kart.lock.redis.host" : "kart.lock.redis.host/port";
    }

    /** Whether a client library passed on Redis's reply with these words. */
    private static boolean mentions(Throwable error, String words) {
        String message = error.getMessage();
        return message != null && message.contains(words);
    }

    /**
     * @return the settings that say where Redis is and how to log in: the url's parts when it gave them (a
     *     Redisson file, sentinels or cluster nodes say where, whatever the url says)
     */
    private String loginKeys() {
        if (settings.redissonConfig().isPresent()) {
            return "kart.lock.redis.redisson-config (its password and ssl settings)";
        }
        if (settings.addressFromUrl() && settings.sentinel().isEmpty() && !settings.cluster()) {
            return "kart.lock.redis.url (" + addressVariable().map(variable -> setBy(variable) + "; ").orElse("")
                    + "its host, port, user, password and scheme; or kart.lock.redis.password)";
        }
        return addressKeys() + ", kart.lock.redis.username and password (KART_REDIS_PASSWORD), and ssl";
    }

    /** The socket's own timeout, or a client library's (Redisson's RedisResponseTimeoutException). */
    private static boolean timedOut(Throwable cause) {
        return chain(cause).anyMatch(e -> e instanceof SocketTimeoutException
                || e.getClass().getSimpleName().contains("Timeout") || isConnectTimeout(e));
    }

    /**
     * No connection made in time: the JDK's socket says {@code Connect timed out}, Netty's (Redisson) throws its
     * {@code ConnectTimeoutException}, and the kernel's own timeout (its SYN retries run out first) is a
     * {@link ConnectException} saying {@code Connection timed out}; a reply that did not come says
     * {@code Read timed out} or is Redisson's response timeout.
     */
    private static boolean connectTimedOut(Throwable cause) {
        return chain(cause).anyMatch(RedisFailures::isConnectTimeout);
    }

    /** One error of a chain: see {@link #connectTimedOut}. */
    private static boolean isConnectTimeout(Throwable error) {
        return socketTimedOut(error, "connect") || error.getClass().getSimpleName().equals("ConnectTimeoutException")
                || error instanceof ConnectException && mentions(error, "timed out");
    }

    /**
     * Netty's connect timeout (Redisson) is a {@link ConnectException} too, and no refusal.
     *
     * @param failure a lock call's error
     * @return whether its connection was refused: nothing listens there, and a Redis that comes back there may have
     *     lost its data; false for a connection not made in time (a stall of Redis or of the network), whatever
     *     exception class the client gives it
     */
    public static boolean connectionRefused(Throwable failure) {
        return !connectTimedOut(failure) && chain(failure).anyMatch(ConnectException.class::isInstance);
    }

    /** @return whether kart set the client's timeouts: not an application's client, nor a redisson-config file's */
    private boolean kartsTimeouts() {
        return ownClient && settings.redissonConfig().isEmpty();
    }

    /**
     * @return how long it was waited, to follow a failure's words: {@code " within KEY = VALUE"} of the timeout the
     *     cause tells (both when it does not say), or, for a client whose timeouts kart did not set, where they are set
     */
    private String withinTimeouts(Throwable cause) {
        if (!ownClient) {
            return " within the timeouts of the application's client";
        }
        if (settings.redissonConfig().isPresent()) {
            return " within the timeouts of kart.lock.redis.redisson-config (" + settings.redissonConfig().get() + ")";
        }
        return " within " + timeoutsOf(cause);
    }

    /**
     * @return whether the error is the JDK socket's timeout of {@code step} ({@code "connect"} or {@code "read"}):
     *     {@code Connect timed out} from JDK 13 on, {@code connect timed out} before
     */
    private static boolean socketTimedOut(Throwable error, String step) {
        return error instanceof SocketTimeoutException && error.getMessage() != null
                && error.getMessage().toLowerCase(Locale.ROOT).startsWith(step + " timed out");
    }

    /**
     * @return the timeout settings a timed-out start can have run into, as {@code KEY = VALUE}: the one the cause
     *     tells, else both
     */
    private String timeoutsOf(Throwable cause) {
        String connect = "kart.lock.redis.connect-timeout = " + DurationText.configValue(settings.connectTimeout());
        if (connectTimedOut(cause)) {
            return connect;
        }
        String command = "kart.lock.redis.command-timeout = " + DurationText.configValue(settings.commandTimeout());
        return replyTimedOut(cause) ? command : connect + " and " + command;
    }

    /**
     * A connection made, and the reply to a command not come in time: Jedis's socket says {@code Read timed out},
     * Redisson throws its response timeout; other timeouts do not say which step ran out.
     */
    private static boolean replyTimedOut(Throwable cause) {
        return !connectTimedOut(cause) && chain(cause).anyMatch(e -> socketTimedOut(e, "read")
                || e.getClass().getSimpleName().equals("RedisResponseTimeoutException"));
    }

    /** Refused, reset or closed: Redis is down, or the network between. */
    private static boolean connectionFailed(Throwable cause) {
        return chain(cause).anyMatch(e -> e instanceof ConnectException || e instanceof SocketException
                || e instanceof ClosedChannelException || e.getClass().getSimpleName().contains("Connection"));
    }

    /**
     * A programming error inside the client library (seen: a NullPointerException in Redisson while
     * a cluster node restarted), which is no reply of Redis's and should not be told as one.
     */
    private static boolean clientFailedInside(Throwable cause) {
        return chain(cause).anyMatch(e -> e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException);
    }

    /**
     * The error, its causes, and what they suppressed, with their own causes and suppressed errors: Jedis keeps the
     * socket's error as a suppressed one, and its cluster client keeps each seed node's error, with the socket's
     * inside it, as a suppressed one of "Could not initialize cluster slots cache". Each error once; the deepest
     * cause last.
     */
    private static Stream<Throwable> chain(Throwable error) {
        Stream.Builder<Throwable> all = Stream.builder();
        addTree(error, all, Collections.newSetFromMap(new IdentityHashMap<>()));
        return all.build();
    }

    private static void addTree(Throwable error, Stream.Builder<Throwable> all, Set<Throwable> seen) {
        for (Throwable current = error; current != null && seen.add(current); current = current.getCause()) {
            all.add(current);
            for (Throwable suppressed : current.getSuppressed()) {
                addTree(suppressed, all, seen);
            }
        }
    }

    /**
     * @param cause a client library's error
     * @return its deepest cause that has a message, in a few words: the first line of the message,
     *     without what client libraries add after it (the command with its Lua script and arguments,
     *     the connection's state, advice on thread pools); its meaning and class's name when no
     *     cause has a message (a closed channel: the connection was closed); the password redacted
     */
    public String describe(Throwable cause) {
        return quoted(cause).map(error -> redact(headline(error.getMessage())))
                .orElseGet(() -> meaning(chain(cause).toList()));
    }

    /** @return the deepest error of the chain with a message, whose first line {@link #describe} quotes */
    private static Optional<Throwable> quoted(Throwable cause) {
        List<Throwable> all = chain(cause).toList();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (!headline(all.get(i).getMessage()).isEmpty()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * What errors without a message mean, such as Redisson's StacklessClosedChannelException, with
     * the deepest one's class name once so it can be searched for.
     */
    private static String meaning(List<Throwable> all) {
        Throwable deepest = all.get(all.size() - 1);
        String name = deepest.getClass().getSimpleName();
        if (all.stream().anyMatch(ClosedChannelException.class::isInstance)) {
            return "the connection was closed (" + name + ")";
        }
        if (all.stream().anyMatch(e -> e instanceof SocketTimeoutException || e.getClass().getSimpleName().contains("Timeout"))) {
            return "no answer in time (" + name + ")";
        }
        return name;
    }

    /** The first line of a client library's message, cut before the details it appends. */
    private static String headline(String message) {
        if (message == null) {
            return "";
        }
        String line = beforeDetails(message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(""))
                .strip().replaceAll("[.,;:!]+$", "");
        return line.length() <= HEADLINE_CHARS ? line : line.substring(0, HEADLINE_CHARS) + " (cut)";
    }

    /**
     * @param message a message that might quote a client library's text
     * @return the message with the password, if any, replaced by {@code ***}
     */
    public String redact(String message) {
        Optional<String> password = settings.password();
        if (message == null || password.isEmpty() || password.get().isEmpty()) {
            return message;
        }
        return message.replace(password.get(), "***");
    }
}
