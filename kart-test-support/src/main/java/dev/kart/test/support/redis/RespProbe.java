package dev.kart.test.support.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Sends one inline command to a Redis server and reads the first line of its reply. Enough to see
 * whether a server is up and to flush it, without a client library in the test kit.
 */
final class RespProbe {
    private RespProbe() {
    }

    /**
     * @param host the host
     * @param port the port
     * @param command an inline command such as {@code PING}
     * @param timeout for connecting and for the reply
     * @return the first line of the reply, such as {@code +PONG}
     * @throws IOException when the server cannot be reached or does not answer in time
     */
    static String send(String host, int port, String command, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = readLine(socket.getInputStream());
            if (line.isEmpty()) {
                throw new IOException("the server at " + host + ":" + port + " closed the connection without answering " + command);
            }
            return line;
        }
    }

    /**
     * Sends one command as a RESP array and reads its whole reply.
     *
     * @param host the host
     * @param port the port
     * @param timeout for connecting and for the reply
     * @param arguments the command and its arguments, such as {@code SENTINEL}, {@code FAILOVER}, {@code kart}
     * @return the reply: a String (simple or bulk), a Long, a List of replies, or null
     * @throws IOException when the server cannot be reached, does not answer in time, or answers with an error
     */
    static Object command(String host, int port, Duration timeout, String... arguments) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
            for (String argument : arguments) {
                request.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(argument)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(socket.getInputStream(), host + ":" + port, String.join(" ", arguments));
        }
    }

    private static Object reply(InputStream in, String server, String command) throws IOException {
        String line = readLine(in);
        if (line.isEmpty()) {
            throw new IOException("the server at " + server + " closed the connection without answering " + command);
        }
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+':
                return rest;
            case '-':
                throw new IOException(server + " answered " + command + " with " + rest);
            case ':':
                return Long.parseLong(rest);
            case '$':
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] body = in.readNBytes(length + 2);
                return new String(body, 0, length, StandardCharsets.UTF_8);
            case '*':
                int count = Integer.parseInt(rest);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new java.util.ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(reply(in, server, command));
                }
                return items;
            default:
                throw new IOException(server + " answered " + command + " with '" + line + "', not RESP2");
        }
    }

    /** @return the next line without its CRLF; empty at the end of the stream */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /**
     * @param host the host
     * @param port the port
     * @param timeout for connecting and for the reply
     * @return one line per connection open to the server, as {@code CLIENT LIST} shows it, without
     *     the connection asking
     * @throws IllegalStateException when the server cannot be reached or refuses
     */
    static List<String> clientList(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("CLIENT ID\r\nCLIENT LIST\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String id = readLine(in);
            String header = readLine(in);
            if (!id.startsWith(":") || !header.startsWith("$")) {
                throw new IllegalStateException("CLIENT LIST on the test Redis at " + host + ":" + port + " answered " + id
                        + " " + header);
            }
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            String self = "id=" + id.substring(1) + " ";
            return new String(body, StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank())
                    .filter(line -> !line.startsWith(self)).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the clients of the test Redis at " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Whether the redis-server (or sentinel) answering on the port is the process {@code pid}: a port
     * chosen free can be taken by another program's server before the one started on it binds it, and
     * that one would answer PING too.
     *
     * @param host the host
     * @param port the port
     * @param pid the process that should be listening there
     * @param timeout how long to wait for the answer
     * @return whether {@code INFO server} answers in time with that {@code process_id}
     */
    static boolean answersAs(String host, int port, long pid, Duration timeout) {
        try {
            Object info = command(host, port, timeout, "INFO", "server");
            return info instanceof String text && text.lines().anyMatch(line -> line.equals("process_id:" + pid));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param host the host
     * @param port the port
     * @param timeout how long to wait for the answer
     * @return whether the server answers PING with PONG in time
     */
    static boolean answers(String host, int port, Duration timeout) {
        try {
            return send(host, port, "PING", timeout).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param host the host
     * @param port the port
     * @throws IllegalStateException when the server refuses or cannot be reached
     */
    static void flushAll(String host, int port) {
        try {
            String reply = send(host, port, "FLUSHALL", Duration.ofSeconds(10));
            if (!reply.equals("+OK")) {
                throw new IllegalStateException("FLUSHALL on the test Redis at " + host + ":" + port + " answered " + reply);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot FLUSHALL the test Redis at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
