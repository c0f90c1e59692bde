/**
 * Tasks as the command line names them: finding task classes by name
 * ({@link dev.kart.cli.task.TaskCatalog}), their parameters as picocli options
 * ({@link dev.kart.cli.task.TaskOptions}), reading a command line of tasks and their parameters with
 * kart's options in one parse ({@link dev.kart.cli.task.TaskLine}), and its help.
 */
package dev.kart.cli.task;
