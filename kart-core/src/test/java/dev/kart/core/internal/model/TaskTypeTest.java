package dev.kart.core.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.TaskDefinitionException;
import dev.kart.task.Default;
import dev.kart.task.Insignificant;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskTypeTest {
    /** Not a record. */
    static final class Mutable implements Task<String> {
        String state;

        @Override
        public String run(RunContext ctx) {
            return state;
        }
    }

    record WithOptional(Optional<String> maybe) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return "";
        }
    }

    record RawList(@SuppressWarnings("rawtypes") List items) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return "";
        }
    }

    /** Generic over its output: the type cannot be known. */
    record Generic<T>(String name) implements Task<T> {
        @Override
        public T run(RunContext ctx) {
            return null;
        }
    }

    interface TextTask extends Task<String> {
    }

    @RunWithLock
    @OutputFormat("tsv.gz")
    record Described(String name, @Insignificant @Default("10") int batch, List<Described> children)
            implements TextTask {
        @Override
        public String run(RunContext ctx) {
            return name;
        }
    }

    record Dependent(Described one, List<Described> many, Map<String, Integer> weights) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return 0;
        }
    }

    @Test
    void readsParametersOutputAndAnnotations() {
        TaskType type = TaskType.of(Described.class);

        assertThat(type.family()).isEqualTo(Described.class.getName());
        assertThat(type.simpleName()).isEqualTo("Described");
        assertThat(type.packagePath()).isEqualTo("dev/kart/core/internal/model");
        assertThat(type.outputType()).isEqualTo(String.class);
        assertThat(type.outputExtension()).isEqualTo("tsv.gz");
        assertThat(type.runWithLock()).isTrue();
        assertThat(type.parameters()).extracting(TaskParameter::name).containsExactly("name", "batch", "children");
        assertThat(type.parameter("batch").orElseThrow().significant()).isFalse();
        assertThat(type.parameter("batch").orElseThrow().defaultText()).contains("10");
        assertThat(type.significantParametersByName()).extracting(TaskParameter::name).containsExactly("children", "name");
    }

    @Test
    void tellsDependenciesFromValues() {
        TaskType type = TaskType.of(Dependent.class);

        assertThat(type.parameter("one").orElseThrow().kind()).isEqualTo(ParameterKind.TASK);
        assertThat(type.parameter("many").orElseThrow().kind()).isEqualTo(ParameterKind.TASK_LIST);
        assertThat(type.parameter("weights").orElseThrow().kind()).isEqualTo(ParameterKind.VALUE);
        assertThat(type.dependencyParameters()).extracting(TaskParameter::name).containsExactly("one", "many");
        assertThat(TaskType.of(Dependent.class).outputExtension()).isEqualTo("json");
    }

    @Test
    void rejectsWhatItCannotHashOrStoreNamingTheTaskAndParameter() {
        assertThatThrownBy(() -> TaskType.of(Mutable.class)).isInstanceOf(TaskDefinitionException.class)
                .hasMessageContaining(Mutable.class.getName()).hasMessageContaining("must be a record");
        assertThatThrownBy(() -> TaskType.of(WithOptional.class)).isInstanceOf(TaskDefinitionException.class)
                .hasMessageContaining("parameter 'maybe'").hasMessageContaining("java.util.Optional<java.lang.String>");
        assertThatThrownBy(() -> TaskType.of(RawList.class)).isInstanceOf(TaskDefinitionException.class)
                .hasMessageContaining("parameter 'items'").hasMessageContaining("element type");
        assertThatThrownBy(() -> TaskType.of(Generic.class)).isInstanceOf(TaskDefinitionException.class)
                .hasMessageContaining("must name its output type");
        assertThatThrownBy(() -> TaskType.of(String.class)).isInstanceOf(TaskDefinitionException.class)
                .hasMessageContaining("java.lang.String is not a task");
    }
}
