package dev.kart.core.internal.info;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.cache.AtomicPublisher;
import dev.kart.core.internal.cache.Workspace;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads task info files. Writing is not fsync'ed: task info is a record of what
 * happened, and losing the newest one in a machine crash costs nothing cached. A failure to write
 * it is logged, never fails the task. Thread-safe.
 */
public final class TaskInfoWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TaskInfoWriter.class);

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();
    private final ObjectWriter writer = mapper.writerFor(TaskInfo.class);
    private final Workspace workspace;
    private final AtomicPublisher publisher;
    private final boolean enabled;

    /**
     * @param workspace where info files go
     * @param settings whether to write them at all, {@code kart.task-info.enabled}
     */
    @Inject
    public TaskInfoWriter(Workspace workspace, KartSettings settings) {
        this(workspace, settings.taskInfo());
    }

    /**
     * @param workspace where info files go
     * @param enabled whether to write them at all ({@code kart.task-info.enabled})
     */
    public TaskInfoWriter(Workspace workspace, boolean enabled) {
        this.workspace = workspace;
        this.publisher = new AtomicPublisher(workspace, false);
        this.enabled = enabled;
    }

    /** @return whether task info files are written at all */
    public boolean enabled() {
        return enabled;
    }

    /**
     * @param node the task
     * @param ids gives the unique id of a task-valued parameter
     * @return its identity and rendered parameters
     */
    public static TaskRecord.TaskInfoBase base(TaskNode node, Function<Task<?>, String> ids) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (TaskParameter parameter : node.type().parameters()) {
            parameters.put(parameter.name(), render(parameter.valueOf(node.task()), ids));
        }
        return new TaskRecord.TaskInfoBase(node.type().family(), node.label(), node.uniqueId(), parameters);
    }

    /**
     * Writes a task's info file. The first write of a task's file creates it in place, which costs
     * one file creation instead of a temporary file and a rename (half of the I/O of a trivial task);
     * later writes replace it atomically. A crash in the middle of a first write can leave a
     * truncated info file, never a truncated cache file; the task's next run rewrites it.
     *
     * @param node the task
     * @param info its info
     */
    public void write(TaskNode node, TaskInfo info) {
        if (!enabled) {
            return;
        }
        Path path = workspace.taskInfo(node.type(), node.uniqueId());
        try {
            byte[] json = writer.writeValueAsBytes(info);
            workspace.ensureDirectory(path.getParent());
            try {
                Files.write(path, json, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                publisher.publish(path, out -> out.write(json), AtomicPublisher.PublishCheck.NONE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write task info {} of {}: {}", path, node.label(), e.toString());
        }
    }

    /**
     * Writes what this process saw of a task that another node ran while this one waited for its run
     * lock (collisions, wait time), next to the task's own info file, so it does not replace the
     * record of the node that ran it.
     *
     * @param node the task
     * @param info what this process saw
     */
    public void writeObservation(TaskNode node, TaskInfo info) {
        if (!enabled) {
            return;
        }
        Path path = workspace.taskInfoObservation(node.type(), node.uniqueId(), ProcessIdentity.current());
        try {
            byte[] json = writer.writeValueAsBytes(info);
            publisher.publish(path, out -> out.write(json), AtomicPublisher.PublishCheck.NONE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write task info {} of {}: {}", path, node.label(), e.toString());
        }
    }

    /**
     * @param node a task
     * @return the path of its task info file
     */
    public Path infoFile(TaskNode node) {
        return workspace.taskInfo(node.type(), node.uniqueId());
    }

    /**
     * @param path a task info file
     * @return its content
     * @throws IOException when it cannot be read
     */
    public TaskInfo read(Path path) throws IOException {
        try (var in = Files.newInputStream(path)) {
            return mapper.readValue(in, TaskInfo.class);
        }
    }

    private static Object render(Object value, Function<Task<?>, String> ids) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Task<?> task) {
            return task.getClass().getSimpleName() + "[" + ids.apply(task) + "]";
        }
        if (value instanceof Collection<?> collection) {
            List<Object> rendered = new ArrayList<>(collection.size());
            collection.forEach(element -> rendered.add(render(element, ids)));
            return rendered;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            map.forEach((k, v) -> rendered.put(String.valueOf(k), render(v, ids)));
            return rendered;
        }
        return String.valueOf(value);
    }
}
