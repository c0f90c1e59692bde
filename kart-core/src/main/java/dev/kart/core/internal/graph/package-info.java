/**
 * Task graphs: one node per unique id, edges from task-valued parameters and {@code requires()},
 * completeness from the workspace, cycles named. Internal to kart-core.
 */
package dev.kart.core.internal.graph;
