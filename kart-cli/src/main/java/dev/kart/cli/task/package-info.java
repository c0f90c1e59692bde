/**
 * Tasks as the command line names them: finding task classes by name
 * ({@link dev.kart.cli.task.TaskCatalog}), reading their parameters from the command's words
 * ({@link dev.kart.cli.task.TaskArguments}) and describing them ({@link dev.kart.cli.task.TaskHelp}).
 */
package dev.kart.cli.task;
