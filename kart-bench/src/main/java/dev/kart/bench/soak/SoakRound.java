package dev.kart.bench.soak;

/**
 * The number of the soak round a node is building, set by {@link SoakWorker} before each build and
 * read by {@link SoakTask#run}: a task's value depends on the round it ran in, so a run in the wrong
 * round shows as a wrong output. One round at a time per process.
 */
public final class SoakRound {
    private static volatile int current;

    private SoakRound() {
    }

    /** @return the round being built */
    public static int current() {
        return current;
    }

    /** @param round the round about to be built */
    static void set(int round) {
        current = round;
    }
}
