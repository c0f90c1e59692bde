package dev.kart.lock.redis.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.SentinelAnswers;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The sentinels the Jedis binding hands Jedis once one named the primary to kart: the one that named it first, and no
 * Redis data server listed among them, as Jedis would listen on each for {@code +switch-master} and log a WARN with a
 * stack trace every few seconds for one that refuses {@code SENTINEL}. The real servers: BackendStartupBehaviour.
 */
class JedisSentinelsTest {
    private static final RedisLockSettings.Node PRIMARY = new RedisLockSettings.Node("10.0.0.5", 6379);

    @Test
    void theSentinelThatNamedThePrimaryComesFirstAndTheDataServersAreLeftOut() {
        List<String> nodes = List.of("d1:6379", "s2:26379", "d1:6379", "s4:26379", "d5:6380");
        SentinelAnswers asked = new SentinelAnswers(Optional.of(PRIMARY), Optional.of("s4:26379"), List.of(), List.of(),
                nodes.size(), List.of(dataServer("d1:6379", 1), new SentinelAnswers.Unasked("s2:26379", 2,
                        new IllegalStateException("Connection refused")), dataServer("d1:6379", 3)));

        // d5 came after the sentinel that named the primary: kart never asked it, and it is handed on as listed
        assertThat(JedisConnections.sentinelsForJedis(nodes, asked)).containsExactly(new HostAndPort("s4", 26379),
                new HostAndPort("s2", 26379), new HostAndPort("d5", 6380));
    }

    @Test
    void sentinelsThatAllAnsweredAreHandedOnInTheirOrderEachOnce() {
        List<String> nodes = List.of("s1:26379", "s2:26379", "s1:26379");
        SentinelAnswers asked = new SentinelAnswers(Optional.of(PRIMARY), Optional.of("s1:26379"), List.of(), List.of(),
                nodes.size(), List.of());

        assertThat(JedisConnections.sentinelsForJedis(nodes, asked)).containsExactly(new HostAndPort("s1", 26379),
                new HostAndPort("s2", 26379));
    }

    private static SentinelAnswers.Unasked dataServer(String address, int entry) {
        return new SentinelAnswers.Unasked(address, entry, new JedisDataException("ERR unknown command 'SENTINEL', with"
                + " args beginning with: 'get-master-addr-by-name' 'mymaster'"));
    }
}
