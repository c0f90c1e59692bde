/**
 * The {@code kart} command: {@link dev.kart.cli.KartCommand} with its subcommands {@code run},
 * {@code tree}, {@code clean} and {@code locks}, the options they share, and their exit codes. Also
 * packaged as the runnable jar {@code kart-cli/target/kart.jar}.
 */
package dev.kart.cli;
