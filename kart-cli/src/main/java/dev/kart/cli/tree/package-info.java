/** Drawings of a task graph for {@code kart tree}: text, JSON, Graphviz DOT and Mermaid. */
package dev.kart.cli.tree;
