/**
 * JSON written with Jackson's streaming generator where data binding's classes would cost a command
 * more than the document is worth: plain values (text, numbers, lists, maps).
 */
package dev.kart.core.internal.json;
