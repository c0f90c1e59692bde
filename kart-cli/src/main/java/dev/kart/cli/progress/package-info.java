/**
 * The progress view {@code kart run} shows on a terminal: the tally of the build's listener events
 * ({@link dev.kart.cli.progress.BuildTally}), the lines it shows
 * ({@link dev.kart.cli.progress.ProgressText}), and their drawing at the bottom of the terminal while
 * log lines scroll above ({@link dev.kart.cli.progress.StatusLines},
 * {@link dev.kart.cli.progress.LiveView}), put together by {@link dev.kart.cli.progress.ProgressDisplay}.
 */
package dev.kart.cli.progress;
