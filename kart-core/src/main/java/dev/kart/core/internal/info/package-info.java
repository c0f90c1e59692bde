/**
 * Task info: what a build records of each task, and the JSON files it writes under
 * {@code {workspace}/log/}. Internal to kart-core.
 */
package dev.kart.core.internal.info;
