/**
 * Text shared by the commands' output: plain-text tables ({@link dev.kart.cli.text.TextTable}), the
 * "did you mean" hint for misspelt names ({@link dev.kart.cli.text.DidYouMean}), and how many tasks
 * of one class are collapsed into one line ({@link dev.kart.cli.text.ClassGroups}), which
 * {@code kart tree} and {@code kart run --dry-run} share, instants as every command words them
 * ({@link dev.kart.cli.text.InstantText}), what stands at an output's path that is no file
 * ({@link dev.kart.cli.text.OccupantText}), and what kart does instead of luigi's options that it does
 * not have ({@link dev.kart.cli.text.LuigiOptions}), and the usage help, wrapped at spaces only so that config keys
 * are printed whole ({@link dev.kart.cli.text.SpaceWrappedHelp}). Durations are worded by kart-api's
 * {@code dev.kart.internal.text.DurationText}, which the runtime and the backends share.
 */
package dev.kart.cli.text;
