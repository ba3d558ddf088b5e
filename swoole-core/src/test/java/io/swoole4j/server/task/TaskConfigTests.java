package io.swoole4j.server.task;

import org.junit.jupiter.api.Test;

import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TaskConfigTests {

	@Test
	void defaultsFollowSwoole() {
		ServerConfig config = ServerConfig.builder().build();
		assertThat(config.taskWorkerNum()).isZero();
		assertThat(config.taskIpcMode()).isEqualTo(ServerConfig.TASK_IPC_TARGETED);
		assertThat(config.taskQueueCapacity()).isEqualTo(ServerConfig.DEFAULT_TASK_QUEUE_CAPACITY);
		assertThat(config.taskCodec()).isNull();
	}

	@Test
	void rejectsMessageQueueIpcModesAndNegativeCounts() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().taskIpcMode(2).build())
			.withMessage("taskIpcMode: 2 (expected: 1 or 3)");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().taskWorkerNum(-1).build())
			.withMessageStartingWith("taskWorkerNum: -1");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().taskQueueCapacity(0).build())
			.withMessage("taskQueueCapacity: 0 (expected: > 0)");
	}

	@Test
	void tasksAndMessagesFailBeforeStart() {
		Server server = new Server(ServerConfig.builder().taskWorkerNum(1).build(), new TaskRecorder());
		assertThat(server.task("x")).isEqualTo(TaskPool.FAILED);
		assertThat(server.taskwait("x")).isNull();
		assertThat(server.sendMessage("x", 1)).isFalse();
		assertThat(server.taskMetric().refusedCount()).isEqualTo(2);
		server.shutdown();
	}

	@Test
	void valuesWithoutACodecAreRejected() {
		TaskMessages messages = new TaskMessages(null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> messages.encode(TaskMessages.TYPE_TASK, (byte) 0, 1, 0, Integer.valueOf(3)))
			.withMessageContaining("taskCodec");
	}

	@Test
	void messagesKeepIdSourceAndValue() {
		TaskMessages messages = new TaskMessages(TaskRecorder.POINT_CODEC);
		byte[] m = messages.encode(TaskMessages.TYPE_TASK, TaskMessages.FLAG_WAIT, 42, 3, new TaskRecorder.Point(5, 6));
		assertThat(TaskMessages.type(m)).isEqualTo(TaskMessages.TYPE_TASK);
		assertThat(TaskMessages.isWait(m)).isTrue();
		assertThat(TaskMessages.taskId(m)).isEqualTo(42);
		assertThat(TaskMessages.srcWorkerId(m)).isEqualTo(3);
		assertThat(messages.decode(m)).isEqualTo(new TaskRecorder.Point(5, 6));
		assertThat(messages.decode(messages.encode(TaskMessages.TYPE_PIPE_MESSAGE, (byte) 0, 0, -1, new byte[0])))
			.isEqualTo(new byte[0]);
	}

}
