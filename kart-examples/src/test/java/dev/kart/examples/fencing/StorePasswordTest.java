package dev.kart.examples.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store's password comes from PGPASSWORD, so the URL, a task parameter, can do without it. */
class StorePasswordTest {
    private static final Pattern PASSWORD = Pattern.compile("[?&]password=([^&]*)");

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema();

    @Test
    void pgpasswordBecomesThePasswordProperty() {
        assertThat(StorePassword.connectionProperties(Map.of("PGPASSWORD", "s3cret", "HOME", "/home/kart")))
                .containsExactlyEntriesOf(Map.of("password", "s3cret"));
        assertThat(StorePassword.connectionProperties(Map.of("HOME", "/home/kart"))).isEmpty();
    }

    /** Where the configured server asks for no password (trust), this only shows the login still works. */
    @Test
    void aUrlWithoutThePasswordLogsInWithTheOneFromTheEnvironment() throws Exception {
        Matcher password = PASSWORD.matcher(postgres.url());
        Map<String, String> environment = password.find() ? Map.of("PGPASSWORD", password.group(1)) : Map.of();
        String withoutPassword = password.replaceAll("").replaceFirst("^([^?]*)&", "$1?");

        try (Connection connection = DriverManager.getConnection(withoutPassword, StorePassword.connectionProperties(environment))) {
            new FencedStore(connection).write(new FencedWrite("report", 1, "written"));
        }

        assertThat(withoutPassword).doesNotContain("password");
        assertThat(postgres.row("report")).contains(new FencedWrite("report", 1, "written"));
    }
}
