package dev.kart.examples.fencing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of its own in a real PostgreSQL server for each test, holding an empty
 * {@code kart_fenced_writes}, dropped after the test: reruns and parallel runs never see each
 * other's rows. The server is {@value #DEFAULT_URL} unless {@code -Dkart.test.postgres.url} or
 * {@code KART_TEST_POSTGRES_URL} gives another JDBC URL; {@code .ci/postgres} starts the local one
 * and creates its role and database. When the server cannot be reached the test fails, saying how
 * to start it: it never skips.
 */
final class PostgresSchema implements BeforeEachCallback, AfterEachCallback {
    /** The system property that names the server. */
    static final String URL_PROPERTY = "kart.test.postgres.url";
    /** The environment variable that names the server when the system property is not set. */
    static final String URL_VARIABLE = "KART_TEST_POSTGRES_URL";
    /** The server {@code .ci/postgres} prepares. */
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/kart_test?user=kart_test&password=kart_test";

    private final String server;
    private String schema;

    /** A schema on the configured server. */
    PostgresSchema() {
        this.server = configuredServer();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        String name = "kart_fencing_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = open(server); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        }
        schema = name;
        try (Connection connection = connect()) {
            new FencedStore(connection).createTable();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection connection = open(server); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        } finally {
            schema = null;
        }
    }

    /** @return the JDBC URL of this test's schema, where {@code kart_fenced_writes} is */
    String url() {
        if (schema == null) {
            throw new IllegalStateException("the schema exists only while a test runs");
        }
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * @return a new connection to this test's schema
     * @throws SQLException when the server refuses it
     */
    Connection connect() throws SQLException {
        return open(url());
    }

    /**
     * @param resource a resource
     * @return its row in this test's {@code kart_fenced_writes}, read over a new connection
     * @throws SQLException when the server refuses the query
     */
    Optional<FencedWrite> row(String resource) throws SQLException {
        try (Connection connection = connect()) {
            return new FencedStore(connection).read(resource);
        }
    }

    /** @throws AssertionError when the server cannot be reached or refuses the login, saying how to start it */
    private static Connection open(String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new AssertionError("cannot connect to PostgreSQL at " + withoutPassword(url) + " (" + e.getMessage()
                    + "). The fencing tests write to a real PostgreSQL server. Start the local one and create its"
                    + " kart_test role and database with `bash .ci/postgres` as root (after `apt-get install"
                    + " postgresql`; `bash .ci/run` does both), or give another server's JDBC URL with -D" + URL_PROPERTY
                    + "=... or " + URL_VARIABLE + ".", e);
        }
    }

    private static String configuredServer() {
        String property = System.getProperty(URL_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.strip();
        }
        String variable = System.getenv(URL_VARIABLE);
        return variable != null && !variable.isBlank() ? variable.strip() : DEFAULT_URL;
    }

    private static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
