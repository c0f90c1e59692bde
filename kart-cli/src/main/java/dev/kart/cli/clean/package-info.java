/** What {@code kart clean} may delete in a workspace: {@link dev.kart.cli.clean.WorkspaceSweep}. */
package dev.kart.cli.clean;
