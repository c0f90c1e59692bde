/** Plain-text layout shared by the commands' output. */
package dev.kart.cli.text;
