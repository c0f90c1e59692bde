package dev.kart.cli.text;

/**
 * How every command words something that is no file standing at an output's path (a directory, a
 * FIFO, a link to nothing): the walk takes the output for missing, and the task's publish is
 * refused until a person removes it.
 */
public final class OccupantText {
    private OccupantText() {
    }

    /**
     * @param occupant what stands there, as a clause, such as {@code a directory stands there}
     * @return {@code a directory stands there: remove it, or the task's publish fails}
     */
    public static String of(String occupant) {
        return occupant + ": remove it, or the task's publish fails";
    }
}
