package dev.kart.cli.task;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A task's parameters on the command line are wrong: an unknown parameter, one without its value or
 * given twice, a word after the task that is no parameter. The message names the task and the
 * parameter; {@link #task()} is the task as typed, whose help ({@code kart run TASK --help}) lists its
 * parameters and what each takes.
 */
public final class TaskParameterException extends ParameterException {
    private static final long serialVersionUID = 1L;

    private final String task;

    /**
     * @param command the command the user ran
     * @param message what is wrong, naming the task and the parameter
     * @param task the task, as typed
     */
    TaskParameterException(CommandLine command, String message, String task) {
        super(command, message);
        this.task = task;
    }

    /** @return the task the parameters belong to, as typed, such as {@code books.BookReport} */
    public String task() {
        return task;
    }
}
