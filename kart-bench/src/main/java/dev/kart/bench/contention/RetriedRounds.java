package dev.kart.bench.contention;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Runs a baseline's round again when one of its processes fails ({@link NodeFailedException}), at most
 * a given number of tries in a row, and counts the rounds that failed. Any other exception ends the
 * scenario at once. Not thread-safe.
 */
final class RetriedRounds {
    private final String what;
    private final int tries;
    private final PrintStream log;
    private int failed;

    /**
     * @param what whose rounds, for the log, such as {@code contention-spawn-defer: gokart}
     * @param tries how many times a round is tried in a row before its failure ends the scenario; at least 1
     * @param log where each failed round is told, with its directory and its processes' exceptions
     */
    RetriedRounds(String what, int tries, PrintStream log) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, was " + tries);
        }
        this.what = what;
        this.tries = tries;
        this.log = log;
    }

    /**
     * @param round one round, in a new directory each time it is called
     * @return the result of the first try that succeeded
     * @throws NodeFailedException the last try's, when every try failed
     * @throws Exception what a try threw otherwise, at once
     */
    <T> T untilSucceeded(Callable<T> round) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return round.call();
            } catch (NodeFailedException e) {
                failed++;
                log.println("bench: " + what + ": a round failed in " + e.directory() + " (" + failed + " so far; try "
                        + attempt + " of " + tries + "): " + e.exceptionLines());
                if (attempt == tries) {
                    throw e;
                }
            }
        }
    }

    /** @return the rounds that failed so far, warm-up rounds included */
    int failed() {
        return failed;
    }
}
