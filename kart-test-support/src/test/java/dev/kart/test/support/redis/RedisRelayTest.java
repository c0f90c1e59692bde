package dev.kart.test.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The relay in front of a test Redis: it relays, holds new connections while the open ones go on, and lets them through later. */
class RedisRelayTest {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    /** How long a held connection is watched for an answer it must not get. */
    private static final Duration SILENCE = Duration.ofSeconds(1);

    @Test
    void holdsNewConnectionsWhileOpenOnesAnswerAndRelaysThemWithWhatTheySentOnceItPassesAgain() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start(); RedisRelay relay = RedisRelay.start(redis);
                Socket open = connect(relay)) {
            assertThat(RespProbe.send(relay.host(), relay.port(), "PING", ANSWER)).isEqualTo("+PONG");
            assertThat(ask(open, "PING")).isEqualTo("+PONG");

            relay.holdNewConnections();
            try (Socket held = connect(relay)) {
                send(held, "SET held-key 1");
                held.setSoTimeout((int) SILENCE.toMillis());
                assertThatThrownBy(() -> readLine(held)).as("an answer on a held connection")
                        .isInstanceOf(SocketTimeoutException.class);
                assertThat(ask(open, "EXISTS held-key")).as("a connection opened before goes on").isEqualTo(":0");

                relay.passNewConnections();
                held.setSoTimeout((int) ANSWER.toMillis());
                assertThat(readLine(held)).as("what the held connection sent, relayed late").isEqualTo("+OK");
                assertThat(ask(open, "EXISTS held-key")).isEqualTo(":1");
            }
        }
    }

    /** Commands that wait for their answers arrive once each; commands written together arrive together. */
    @Test
    void countsTheReadsThatBroughtClientsBytes() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start(); RedisRelay relay = RedisRelay.start(redis);
                Socket open = connect(relay)) {
            for (int i = 0; i < 5; i++) {
                assertThat(ask(open, "PING")).isEqualTo("+PONG");
            }
            assertThat(relay.requestReads()).as("five commands, each sent after the answer to the one before").isEqualTo(5);

            send(open, "PING\r\nPING\r\nPING");
            for (int i = 0; i < 3; i++) {
                assertThat(readLine(open)).isEqualTo("+PONG");
            }
            assertThat(relay.requestReads()).as("three more written in one go").isEqualTo(6);
        }
    }

    @Test
    void closingTheRelayClosesEveryConnectionThroughIt() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            RedisRelay relay = RedisRelay.start(redis);
            try (Socket open = connect(relay)) {
                assertThat(ask(open, "PING")).isEqualTo("+PONG");
                relay.close();
                assertThat(open.getInputStream().read()).as("the relayed connection after the relay closed").isEqualTo(-1);
            }
            assertThat(RespProbe.answers(relay.host(), relay.port(), ANSWER)).as("the relay port after closing").isFalse();
        }
    }

    private static Socket connect(RedisRelay relay) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(relay.host(), relay.port()), (int) ANSWER.toMillis());
        socket.setSoTimeout((int) ANSWER.toMillis());
        return socket;
    }

    private static String ask(Socket socket, String command) throws IOException {
        send(socket, command);
        return readLine(socket);
    }

    private static void send(Socket socket, String command) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
