/** The build report of {@code kart run --json} and {@code --report FILE}: what a script reads instead of the summary. */
package dev.kart.cli.report;
