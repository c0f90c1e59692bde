package dev.kart.examples.fencing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The table {@code kart_fenced_writes} of a PostgreSQL database, used as a store that remembers,
 * for each resource, the fencing token of the last write it accepted, and refuses a write with an
 * older one. A node that lost its run lease while paused (a long GC pause, a frozen VM, a network
 * partition) and resumes believing it still holds the lock cannot overwrite what the node that took
 * over wrote: its token is lower. The comparison and the write are one statement, so no other write
 * can come between them.
 *
 * <p>A write from the same lease twice is accepted ({@code <=}): tokens are unique to one lease, and
 * a newer holder's token is strictly greater. Fencing tokens of one lock backend (one Redis and
 * prefix, or one in-memory table) are comparable across keys, so two tasks writing one resource are
 * ordered too.
 *
 * <p>Works on the connection it is given, in that connection's transaction (with auto-commit, the
 * JDBC default, each write commits at once); it does not close it. Not thread-safe, as a JDBC
 * connection is not.
 */
public final class FencedStore {
    /** The table's name. */
    public static final String TABLE = "kart_fenced_writes";

    /** Creates the table when it does not exist; docs/locks.md shows it. */
    public static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS kart_fenced_writes (
                resource      text   PRIMARY KEY,
                fencing_token bigint NOT NULL,
                value         text   NOT NULL
            )""";

    /**
     * A write: inserts the row, or replaces it unless it holds a newer fencing token. It changes
     * one row when accepted, none when refused; docs/locks.md shows it.
     */
    static final String WRITE = """
            INSERT INTO kart_fenced_writes (resource, fencing_token, value)
            VALUES (?, ?, ?)
            ON CONFLICT (resource) DO UPDATE
                SET fencing_token = EXCLUDED.fencing_token, value = EXCLUDED.value
                WHERE kart_fenced_writes.fencing_token <= EXCLUDED.fencing_token""";

    private static final String READ = "SELECT fencing_token, value FROM kart_fenced_writes WHERE resource = ?";

    /** PostgreSQL's SQLSTATE for a table that does not exist ({@code undefined_table}). */
    static final String UNDEFINED_TABLE = "42P01";

    private final Connection connection;

    /** @param connection an open connection to the database holding (or to hold) the table */
    public FencedStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Creates {@code kart_fenced_writes} in the connection's current schema unless it exists.
     * Meant for set-up (a migration, a test), not for every task: concurrent {@code CREATE TABLE IF
     * NOT EXISTS} of one table can fail in PostgreSQL.
     *
     * @throws SQLException when the database refuses it
     */
    public void createTable() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TABLE);
        }
    }

    /**
     * Writes a value unless the resource holds a write with a greater fencing token.
     *
     * @param write the resource, the writer's fencing token and the value
     * @throws StaleFencingTokenException when the resource holds a write with a greater token: the
     *     writer is an older holder of the lock and must stop
     * @throws SQLException when the database cannot be reached or refuses the statement; when the
     *     table does not exist, its message says how to create it
     */
    public void write(FencedWrite write) throws SQLException, StaleFencingTokenException {
        int changed;
        try (PreparedStatement statement = connection.prepareStatement(WRITE)) {
            statement.setString(1, write.resource());
            statement.setLong(2, write.fencingToken());
            statement.setString(3, write.value());
            changed = statement.executeUpdate();
        } catch (SQLException e) {
            throw withTableHint(e);
        }
        if (changed == 0) {
            // Read after the refusal only to name the newer token: the refusal itself was atomic.
            throw new StaleFencingTokenException(write, read(write.resource()).map(FencedWrite::fencingToken));
        }
    }

    /**
     * @param resource a resource
     * @return its last accepted write, or empty when none was made
     * @throws SQLException when the database cannot be reached or refuses the query; when the table
     *     does not exist, its message says how to create it
     */
    public Optional<FencedWrite> read(String resource) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(READ)) {
            statement.setString(1, resource);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new FencedWrite(resource, row.getLong(1), row.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw withTableHint(e);
        }
    }

    /**
     * PostgreSQL says only {@code relation "kart_fenced_writes" does not exist}, which leaves a new
     * user to find the table's definition; the store's statements name no other table, so that state
     * always means this one.
     *
     * @return the error, or for a missing table one whose one-line message gives the statement that
     *     creates it, with the same SQL state and the database's error suppressed in it: not as its
     *     cause, since kart's summary shows the deepest cause first, and that would be the bare one
     */
    private static SQLException withTableHint(SQLException error) {
        if (!UNDEFINED_TABLE.equals(error.getSQLState())) {
            return error;
        }
        String create = CREATE_TABLE.replaceAll("\\(\\s+", "(").replaceAll("\\s+\\)", ")").replaceAll("\\s+", " ");
        SQLException hint = new SQLException(TABLE + " does not exist where this connection looks (its database, and the"
                + " schemas of its search path); create it with: " + create + " (docs/locks.md, \"Run it yourself\")",
                UNDEFINED_TABLE);
        hint.addSuppressed(error);
        return hint;
    }
}
