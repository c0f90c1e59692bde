/** The progress bar {@code kart run} shows on a terminal. */
package dev.kart.cli.progress;
