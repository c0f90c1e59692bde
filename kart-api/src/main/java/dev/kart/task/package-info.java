/**
 * The task model: {@link dev.kart.task.Task} and its {@link dev.kart.task.RunContext}, parameter
 * annotations ({@link dev.kart.task.Insignificant}, {@link dev.kart.task.Default}), output
 * declarations ({@link dev.kart.task.OutputFormat}, {@link dev.kart.task.NamedOutput}) and the run
 * lock marker {@link dev.kart.task.RunWithLock}.
 */
package dev.kart.task;
