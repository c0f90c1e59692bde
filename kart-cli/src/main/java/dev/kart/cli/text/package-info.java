/**
 * Text shared by the commands' output: plain-text tables ({@link dev.kart.cli.text.TextTable}) and the
 * "did you mean" hint for misspelt names ({@link dev.kart.cli.text.DidYouMean}).
 */
package dev.kart.cli.text;
