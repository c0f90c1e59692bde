package dev.kart.cli.text;

/**
 * How every command words something that is no file standing at an output's path (a directory, a
 * FIFO, a link to nothing): the walk takes the output for missing, and the task's publish is
 * refused until a person removes it. A rerun's publish replaces all but a directory, or something
 * in the way of the path's directories.
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

    /**
     * @param occupant what stands there that a rerun's publish replaces, as a clause, such as {@code a
     *     symbolic link to nothing stands there}
     * @return {@code a symbolic link to nothing stands there, which the rerun replaces with the file}
     */
    public static String replacedByRerun(String occupant) {
        return occupant + ", which the rerun replaces with the file";
    }
}
