package dev.kart.cli;

import dev.kart.cli.text.TextTable;
import dev.kart.core.internal.lock.LockBackends;
import dev.kart.internal.text.DurationText;
import dev.kart.lock.HeldLock;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kart locks}: the locks held now in the configured backend, with holder, age and TTL left. */
final class LocksCommand implements Callable<Integer> {
    /**
     * The HOLDER of a lock whose holder has no kart record: it has just taken the lock, or died (or was cut off from
     * Redis) before it wrote one, or after its record was deleted; "yet" would tell only the first.
     */
    static final String UNKNOWN_HOLDER = "not known (no kart record)";
    private static final String[] HEADER = {"KEY", "MODE", "HOLDER", "TOKEN", "AGE", "TTL LEFT"};

    private final RuntimeOptions runtime;
    private CommandSpec spec;

    private LocksCommand(RuntimeOptions runtime) {
        this.runtime = runtime;
    }

    /**
     * @param runtime the command's runtime options
     * @return picocli's model of {@code kart locks}, bound to a new command
     */
    static CommandSpec create(RuntimeOptions runtime) {
        return new LocksCommand(runtime).model();
    }

    private CommandSpec model() {
        spec = CommandSpec.wrapWithoutInspection(this).name("locks");
        spec.usageMessage().sortOptions(false)
                .description("Lists the locks held now under the configured key prefix, by any process: cache"
                        + " locks (kart:cache:PATH) and run locks (kart:run:UNIQUE-ID), with holder, fencing token, age"
                        + " and TTL left.",
                        // the holder id (vm:823#1.t59rsw) is unlike any a user has seen elsewhere
                        "HOLDER is the node that holds the lease (host:pid), then after # what tells its leases apart,"
                        + " a number (and a tag) per lock binding (docs/cli.md, kart locks).")
                .footer("", "Example:", "  kart locks --redis-host=localhost --redis-port=6379");
        spec.addMixin("runtime", runtime.mixin("", false));
        CommandModel.addHelpOption(spec);
        return spec;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (runtime.workspaceGiven()) {
            // accepted, as its help once listed it, but a user who gave it may think it chooses the locks listed
            spec.commandLine().getErr().println("kart: warning: kart locks reads no workspace: --workspace is checked"
                    + " for its form but not used, and the locks listed are those of every workspace under the key prefix"
                    + " (kart.lock.prefix) in the lock backend");
        }
        try (Session session = runtime.open(Map.of())) {
            String backend = session.lockBackendName();
            List<HeldLock> locks = session.kart().lockBackend().heldLocks();
            // the Redis backend names its server: a user with several cannot mistake which one was asked
            String where = session.namedLockBackend().map(named -> "in " + named)
                    .orElse("under prefix '" + session.lease().prefix() + "' in the " + backend + " lock backend");
            if (locks.isEmpty()) {
                out.println("No locks held " + where + ".");
                if (backend.equals(LockBackends.DEFAULT_BACKEND)) {
                    out.println("The in-memory backend sees only the locks of its own process; give --redis-host and"
                            + " --redis-port (or kart.lock.redis.*) to see those of every node.");
                }
                return ExitCodes.OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADER);
            for (HeldLock lock : locks) {
                // the backend's name for a holder it cannot tell (Redisson's raw lock field) names no process, its
                // token 0 is no token, and its age is not known: 0ms read as "just taken" for an orphan
                boolean known = lock.holderKnown();
                rows.add(new String[] {lock.key(), lock.mode().name().toLowerCase(Locale.ROOT),
                    known ? lock.holder() : UNKNOWN_HOLDER, known ? Long.toString(lock.fencingToken()) : "-",
                    known ? DurationText.of(lock.age()) : "-", DurationText.of(lock.ttlLeft())});
            }
            out.print(TextTable.render(rows, ""));
            out.println(locks.size() + " lock" + (locks.size() == 1 ? "" : "s") + " held " + where + ".");
            return ExitCodes.OK;
        }
    }
}
