package dev.kart.test.support.redis;

import java.util.List;

/**
 * A Redis server provided to a test by {@link RedisServerExtension}. A server the extension started
 * itself (a {@code redis-server} from PATH, or a container) can be stopped, restarted on the same
 * port and paused, so a test can show what kart does when Redis goes away; a server given with
 * {@code KART_TEST_REDIS} cannot.
 */
public interface TestRedis {

    /** @return the host to connect to, such as {@code 127.0.0.1} */
    String host();

    /** @return the port to connect to */
    int port();

    /** @return where the server came from, for messages: {@code redis-server 7.0.15 on PATH, port 40123}, ... */
    String description();

    /** @return whether {@link #stop}, {@link #restart}, {@link #pause} and {@link #resume} work */
    boolean controllable();

    /**
     * Stops the server, as a crash or an operator would; connections to it break. Its data is gone
     * (it runs without persistence).
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void stop();

    /**
     * Starts the server again on the same host and port, empty. Stops it first when it runs.
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void restart();

    /**
     * Freezes the server (SIGSTOP, or {@code docker pause}): connections stay open but nothing is
     * answered, as with a server stuck or cut off by the network. Lease expiry in Redis goes by its
     * clock, so keys whose TTL passes while paused are gone when it resumes.
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void pause();

    /**
     * Lets a paused server go on (SIGCONT, or {@code docker unpause}).
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void resume();

    /** Deletes every key of every database, so a test starts from an empty server. */
    void flushAll();

    /**
     * @return the connections open to the server, one {@code CLIENT LIST} line each (address, name,
     *     flags, last command), without the connection that asks
     * @throws IllegalStateException when the server does not answer
     */
    List<String> clients();
}
