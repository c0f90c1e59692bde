/**
 * Root of kart's API: {@link dev.kart.KartException}, the base of every error kart raises.
 * Task authors code against {@code dev.kart.task}, format authors against {@code dev.kart.format},
 * lock-backend authors against {@code dev.kart.lock}. Nothing here depends on anything but the JDK.
 */
package dev.kart;
