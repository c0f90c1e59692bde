/**
 * What kart reads of a task class by reflection: its parameters, output type and annotations.
 * Internal to kart-core.
 */
package dev.kart.core.internal.model;
