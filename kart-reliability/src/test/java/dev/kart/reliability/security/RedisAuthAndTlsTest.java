package dev.kart.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.reliability.fixtures.KartJar;
import dev.kart.reliability.fixtures.TestCertificates;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.hold.Hold;
import dev.kart.test.support.redis.RedisServerExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * The runnable jar against a redis-server set up as docs/redis.md says to deploy one: a password for
 * the default user ({@code requirepass}), an ACL user per binding with exactly the rules the
 * documentation lists (read from docs/redis.md), and TLS on a {@code tls-port} with a certificate made
 * by this test, the client trusting the test's CA through the JVM trust store. Both bindings build and
 * list locks over TLS as the ACL user; a wrong password, a missing trust store and a missing password
 * are refused with exit code 3 and a clear message; Redis denies the documented user nothing; and no
 * password appears in anything kart printed (with its log at DEBUG) or wrote in the workspace.
 */
class RedisAuthAndTlsTest {
    private static final String DEFAULT_PASSWORD = "default-user-password-4d1e";
    private static final String WRONG_PASSWORD = "not-the-password-8b2c";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @TempDir
    static Path pki;
    @TempDir
    Path directory;

    private static TestCertificates certificates;
    private static int tlsPort;

    @BeforeAll
    static void secureTheServer() throws Exception {
        certificates = TestCertificates.create(pki);
        tlsPort = freePort();
        try (Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            for (String client : List.of("jedis", "redisson")) {
                List<String> rules = documentedRules(client);
                rules.set(rules.indexOf(">CHANGE-ME"), ">" + password(client));
                admin.aclSetUser("kart-" + client, rules.toArray(String[]::new));
            }
            admin.configSet("tls-cert-file", certificates.serverCertificate().toString(), "tls-key-file",
                    certificates.serverKey().toString(), "tls-ca-cert-file", certificates.caCertificate().toString(),
                    "tls-auth-clients", "no");
            admin.configSet("tls-port", Integer.toString(tlsPort));
            admin.aclLogReset();
            admin.configSet("requirepass", DEFAULT_PASSWORD);
        }
    }

    @AfterAll
    static void unsecureTheServer() {
        try (Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            admin.auth(DEFAULT_PASSWORD);
            admin.configSet("tls-port", "0");
            admin.configSet("requirepass", "");
            admin.aclDelUser("kart-jedis");
            admin.aclDelUser("kart-redisson");
        }
    }

    @ParameterizedTest(name = "client = {0}")
    @ValueSource(strings = {"jedis", "redisson"})
    void overTlsAsTheDocumentedAclUserWithoutEverShowingAPassword(String client) throws Exception {
        List<KartJar.Result> results = new ArrayList<>();
        Map<String, String> password = Map.of("KART_REDIS_PASSWORD", password(client));
        List<String> trusted = new ArrayList<>(certificates.trustOptions());
        trusted.add("-Dkart.log.level=DEBUG");

        KartJar.Result build = kart(client, results, password, trusted, "run", Hold.class.getName(), "--name=tls-" + client,
                "-D", "kart.lock.redis.ssl=true", "-D", "kart.lock.redis.port=" + tlsPort, "-D", "kart.lock.redis.username=kart-" + client);
        assertThat(build.exitCode()).as("%s", build).isZero();
        assertThat(build.out()).as("%s", build).contains("* 1 ran successfully");

        KartJar.Result locks = kart(client, results, password, trusted, "locks", "-D", "kart.lock.redis.ssl=true",
                "-D", "kart.lock.redis.port=" + tlsPort, "-D", "kart.lock.redis.username=kart-" + client);
        assertThat(locks.exitCode()).as("%s", locks).isZero();
        assertThat(locks.out()).as("%s", locks).contains("No locks held in redis lock backend (" + client + ") on Redis at ",
                ":" + tlsPort + " over TLS, prefix kart.");

        KartJar.Result url = kart(client, results, password, trusted, "run", Hold.class.getName(), "--name=url-" + client,
                "-D", "kart.lock.redis.url=rediss://kart-" + client + "@127.0.0.1:" + tlsPort + "/0");
        assertThat(url.exitCode()).as("a rediss:// url: %s", url).isZero();

        KartJar.Result untrusted = kart(client, results, password, List.of(), "run", Hold.class.getName(), "--name=untrusted",
                "-D", "kart.lock.redis.ssl=true", "-D", "kart.lock.redis.port=" + tlsPort, "-D", "kart.lock.redis.username=kart-" + client);
        assertThat(untrusted.exitCode()).as("without the trust store: %s", untrusted).isEqualTo(3);
        assertThat(untrusted.err()).as("%s", untrusted).contains("cannot connect to Redis at 127.0.0.1:" + tlsPort + " over TLS");

        KartJar.Result wrong = kart(client, results, Map.of("KART_REDIS_PASSWORD", WRONG_PASSWORD), trusted, "run", Hold.class.getName(),
                "--name=wrong", "-D", "kart.lock.redis.ssl=true", "-D", "kart.lock.redis.port=" + tlsPort,
                "-D", "kart.lock.redis.username=kart-" + client);
        assertThat(wrong.exitCode()).as("a wrong password: %s", wrong).isEqualTo(3);
        assertThat(wrong.err()).as("%s", wrong).contains("cannot connect to Redis at 127.0.0.1:" + tlsPort + " over TLS", "WRONGPASS");

        KartJar.Result plain = kart(client, results, Map.of("KART_REDIS_PASSWORD", DEFAULT_PASSWORD), List.of("-Dkart.log.level=DEBUG"),
                "run", Hold.class.getName(), "--name=default-user-" + client, "-D", "kart.lock.redis.port=" + REDIS.server().port());
        assertThat(plain.exitCode()).as("the default user with requirepass: %s", plain).isZero();

        KartJar.Result noPassword = kart(client, results, Map.of(), List.of(), "run", Hold.class.getName(), "--name=no-password",
                "-D", "kart.lock.redis.port=" + REDIS.server().port());
        assertThat(noPassword.exitCode()).as("no password: %s", noPassword).isEqualTo(3);
        assertThat(noPassword.err()).as("%s", noPassword).contains("cannot connect to Redis at 127.0.0.1:" + REDIS.server().port(),
                "NOAUTH");

        for (KartJar.Result result : results) {
            assertThat(result.all()).as("what kart printed, log at DEBUG: %s", result.command())
                    .doesNotContain(password(client), DEFAULT_PASSWORD, WRONG_PASSWORD);
        }
        for (Path file : WorkspaceFiles.files(directory.resolve("workspace"))) {
            assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as("%s", file)
                    .doesNotContain(password(client), DEFAULT_PASSWORD, WRONG_PASSWORD);
        }
        assertThat(WorkspaceFiles.files(directory.resolve("workspace"))).as("task info written").isNotEmpty();
        try (Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            admin.auth(DEFAULT_PASSWORD);
            // the wrong password above is logged as an 'auth' entry; any other entry is a denied command, key or channel
            assertThat(admin.aclLog().stream().filter(entry -> !entry.getReason().equals("auth")).toList())
                    .as("commands, keys or channels Redis denied the documented ACL users").isEmpty();
        }
    }

    /**
     * Runs the jar with the Redis lock backend on this test's server: its host, unless the arguments give a url,
     * which names the host itself (kart refuses a host beside a url).
     */
    private KartJar.Result kart(String client, List<KartJar.Result> results, Map<String, String> environment,
            List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--classpath", KartJar.testClasses().toString(), "--workspace", "workspace"));
        if (all.stream().noneMatch(arg -> arg.startsWith("kart.lock.redis.url="))) {
            all.addAll(List.of("--redis-host", REDIS.server().host()));
        }
        all.addAll(List.of("-D", "kart.lock.redis.connect-timeout=3s", "-D", "kart.lock.redis.command-timeout=3s"));
        all.addAll(List.of("-D", "kart.lock.redis.client=" + client));
        KartJar.Result result = KartJar.run(directory, environment, jvmOptions, all);
        results.add(result);
        return result;
    }

    /** @return the rules docs/redis.md gives for a binding's ACL user, with the user renamed {@code kart-{client}} */
    private static List<String> documentedRules(String client) throws IOException {
        String doc = Files.readString(Path.of(System.getProperty("kart.repository", ".."), "docs", "redis.md"));
        int section = doc.indexOf("binding (`client = \"" + client + "\"");
        assertThat(section).as("docs/redis.md has the %s's ACL rules", client).isNotNegative();
        String line = doc.substring(doc.indexOf("ACL SETUSER kart ", section)).lines().findFirst().orElseThrow();
        List<String> words = new ArrayList<>(List.of(line.split(" ")));
        return new ArrayList<>(words.subList(3, words.size()));
    }

    private static String password(String client) {
        return "acl-password-of-" + client + "-61a9";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
