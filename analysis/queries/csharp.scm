; Chunk query for C#. Capture names are documented in ../query.go.

(using_directive (_) @import)
(comment) @comment
(namespace_declaration name: (_) @package)
(file_scoped_namespace_declaration name: (_) @package)

(namespace_declaration name: (_) @name) @def.module
(class_declaration name: (identifier) @name) @def.class
(record_declaration name: (identifier) @name) @def.class
(struct_declaration name: (identifier) @name) @def.struct
(interface_declaration name: (identifier) @name) @def.interface
(enum_declaration name: (identifier) @name body: (_) @body) @def.struct

(method_declaration
  returns: (_) @result
  name: (identifier) @name
  parameters: (parameter_list) @params
  body: (_)? @body) @def.method

(constructor_declaration
  name: (identifier) @name
  parameters: (parameter_list) @params
  body: (_)? @body) @def.constructor

(local_function_statement
  name: (identifier) @name
  parameters: (parameter_list) @params
  body: (_)? @body) @def.function

(field_declaration
  (variable_declaration
    (variable_declarator
      (identifier) @name
      (lambda_expression body: (_) @body)))) @def.lambda

(parameter type: (_)? @param.type name: (identifier) @param.name) @param
(attribute_list) @decorator
(modifier) @modifier

(invocation_expression function: (_) @call)
(object_creation_expression type: (_) @call)
(for_statement) @loop
(foreach_statement) @loop
(while_statement) @loop
(do_statement) @loop
(if_statement) @branch
(switch_section) @branch
(conditional_expression) @branch
(return_statement) @return
(throw_statement) @throw
(throw_expression) @throw
(catch_clause) @catch
(await_expression) @await
(yield_statement) @yield
(assignment_expression
  left: (member_access_expression
    expression: "this" @write.obj
    name: (identifier) @write.field))
