package dev.kart.examples.fencing;

import java.util.Map;
import java.util.Properties;

/**
 * The password {@link PublishTopWords} logs in to its store with, taken from the environment
 * variable {@value #VARIABLE} as {@code psql} takes it, so that it stays out of the store's JDBC URL:
 * the URL is a task parameter, written to task info and logs. PostgreSQL's JDBC driver reads a
 * {@code .pgpass} file but not this variable, hence this class.
 */
final class StorePassword {
    /** The environment variable holding the password. */
    static final String VARIABLE = "PGPASSWORD";

    private StorePassword() {
    }

    /**
     * @param environment the process's environment, {@link System#getenv()}
     * @return connection properties with {@code password} set to {@value #VARIABLE}'s value, or none
     *     when it is not set; a {@code password} in the URL itself takes precedence over them
     */
    static Properties connectionProperties(Map<String, String> environment) {
        Properties properties = new Properties();
        String password = environment.get(VARIABLE);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }
}
