//! The `kttt` command.

fn main() -> std::process::ExitCode {
    kttt::cli::main()
}
