/**
 * Internal to kart: how its modules word a value to a user, so that the command line, the runtime's
 * messages and the backends' say it alike ({@link dev.kart.internal.text.DurationText}). Exported only
 * to kart's own modules; not API.
 */
package dev.kart.internal.text;
