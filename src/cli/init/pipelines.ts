// Where init writes the pipeline of each CI it knows (`init --ci` offers these at start-up).
export const PIPELINES = { github: '.github/workflows/pbxctl.yml', gitlab: '.gitlab-ci.yml' } as const;
