/** Configuration built in code for tests: {@link dev.kart.test.support.config.MapConfigSection}. */
package dev.kart.test.support.config;
