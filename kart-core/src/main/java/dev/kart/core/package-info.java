/**
 * kart's runtime as applications embed it: {@link dev.kart.core.Kart} and its builder, builds and
 * their {@link dev.kart.core.BuildOptions}, {@link dev.kart.core.BuildListener} and
 * {@link dev.kart.core.BuildReport} (one {@link dev.kart.core.TaskOutcome} per task, with its
 * {@link dev.kart.core.LockActivity} and its {@link dev.kart.core.AttemptOutcome}s), and questions
 * about the workspace that run nothing ({@link dev.kart.core.OutputLocation},
 * {@link dev.kart.core.TaskNotCompleteException}). This is the
 * only package of kart-core that other modules see; task authors code against kart-api.
 */
package dev.kart.core;
