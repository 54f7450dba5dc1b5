package dev.virtualsecrets.server.packaging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The instructions of a Dockerfile, grouped by stage: enough to check what an image build
 * would copy and run without a Docker engine.
 */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments) {

        /** Whitespace-separated words; this project's Dockerfile quotes no paths. */
        List<String> words() {
            return Arrays.asList(arguments.trim().split("\\s+"));
        }
    }

    record Stage(String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The effective value of a single-valued instruction (the last one wins, as in Docker). */
        Optional<String> last(String keyword) {
            List<Instruction> matching = all(keyword);
            return matching.isEmpty() ? Optional.empty() : Optional.of(matching.getLast().arguments());
        }
    }

    static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        String name = null;
        List<Instruction> current = null;
        for (String line : logicalLines(text)) {
            String[] parts = line.split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT),
                    parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                if (current != null) {
                    stages.add(new Stage(name, List.copyOf(current)));
                }
                List<String> words = instruction.words();
                name = words.size() == 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                current = new ArrayList<>();
            }
            if (current == null) {
                throw new IllegalArgumentException("instruction before the first FROM: " + instruction.keyword());
            }
            current.add(instruction);
        }
        if (current == null) {
            throw new IllegalArgumentException("no FROM instruction");
        }
        stages.add(new Stage(name, List.copyOf(current)));
        return new Dockerfile(List.copyOf(stages));
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage named " + name));
    }

    /** The stage the image is made of. */
    Stage finalStage() {
        return stages.getLast();
    }

    /** Joins backslash continuations and drops comments and blank lines, as Docker does. */
    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            lines.add(pending.append(line).toString());
            pending.setLength(0);
        }
        if (!pending.isEmpty()) {
            lines.add(pending.toString().strip());
        }
        return lines;
    }
}
