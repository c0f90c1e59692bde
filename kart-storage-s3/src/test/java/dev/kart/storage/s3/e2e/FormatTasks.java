package dev.kart.storage.s3.e2e;

import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** One task per output format kart ships, plain and gzipped, each output made from its seed. */
final class FormatTasks {
    private FormatTasks() {
    }

    /** A CSV/TSV row of scalars. */
    record Row(String word, int count, double share) {
    }

    static Map<String, Long> jsonValue(int seed) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            counts.put("word-" + seed + "-" + i, (long) i * seed);
        }
        return counts;
    }

    static String textValue(int seed) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append("line ").append(i).append(" of seed ").append(seed).append(", ünïcødé\n");
        }
        return text.toString();
    }

    /** Over the multipart threshold the tests set, so that one output is a multipart upload. */
    static byte[] bytesValue(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static List<Row> rows(int seed) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(new Row("w\"," + i, i + seed, i / 8.0));
        }
        return rows;
    }

    static List<Map<String, String>> mapRows(int seed) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("key", "k" + i);
            row.put("value", "v\t" + (i * seed));
            rows.add(row);
        }
        return rows;
    }

    static TreeMap<String, Integer> serialValue(int seed) {
        TreeMap<String, Integer> map = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
            map.put("s" + i, i * seed);
        }
        return map;
    }

    @OutputFormat("json")
    record Json(int seed) implements Task<Map<String, Long>> {
        @Override
        public Map<String, Long> run(RunContext ctx) {
            return jsonValue(seed);
        }
    }

    @OutputFormat("json.gz")
    record JsonGz(int seed) implements Task<Map<String, Long>> {
        @Override
        public Map<String, Long> run(RunContext ctx) {
            return jsonValue(seed);
        }
    }

    @OutputFormat("txt")
    record Text(int seed) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return textValue(seed);
        }
    }

    @OutputFormat("txt.gz")
    record TextGz(int seed) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return textValue(seed);
        }
    }

    @OutputFormat("bin")
    record Bytes(int seed, int size) implements Task<byte[]> {
        @Override
        public byte[] run(RunContext ctx) {
            return bytesValue(seed, size);
        }
    }

    @OutputFormat("bin.gz")
    record BytesGz(int seed, int size) implements Task<byte[]> {
        @Override
        public byte[] run(RunContext ctx) {
            return bytesValue(seed, size);
        }
    }

    @OutputFormat("csv")
    record Csv(int seed) implements Task<List<Row>> {
        @Override
        public List<Row> run(RunContext ctx) {
            return rows(seed);
        }
    }

    @OutputFormat("csv.gz")
    record CsvGz(int seed) implements Task<List<Row>> {
        @Override
        public List<Row> run(RunContext ctx) {
            return rows(seed);
        }
    }

    @OutputFormat("tsv")
    record Tsv(int seed) implements Task<List<Map<String, String>>> {
        @Override
        public List<Map<String, String>> run(RunContext ctx) {
            return mapRows(seed);
        }
    }

    @OutputFormat("tsv.gz")
    record TsvGz(int seed) implements Task<List<Map<String, String>>> {
        @Override
        public List<Map<String, String>> run(RunContext ctx) {
            return mapRows(seed);
        }
    }

    @OutputFormat("ser")
    record Serial(int seed) implements Task<TreeMap<String, Integer>> {
        @Override
        public TreeMap<String, Integer> run(RunContext ctx) {
            return serialValue(seed);
        }
    }

    @OutputFormat("ser.gz")
    record SerialGz(int seed) implements Task<TreeMap<String, Integer>> {
        @Override
        public TreeMap<String, Integer> run(RunContext ctx) {
            return serialValue(seed);
        }
    }
}
